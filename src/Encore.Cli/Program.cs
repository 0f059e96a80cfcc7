using Encore.Cli;

return EncoreCommandLine.Invoke(args, ownsProcess: true);
