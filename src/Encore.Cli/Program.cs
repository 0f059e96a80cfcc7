using Encore.Cli;

return EncoreCommandLine.Build().Parse(args).Invoke();
