using Encore.Cli;

return EncoreCommandLine.Build(ownsProcess: true).Parse(args).Invoke();
