using System.CommandLine;
using Encore.Cli.Commands;

namespace Encore.Cli;

/// <summary>The <c>encore</c> root command and its verbs.</summary>
public static class EncoreCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Encore: a music recommender system (offline pipeline and online service).")
        {
            DemoCommand.Create(),
            GenerateCommand.Create(),
            PrepareCommand.Create(),
            ImportCommand.Create(),
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            PipelineCommand.Create(),
            PublishCommand.Create(),
            FetchCommand.Create(),
            ServeCommand.Create(),
            ClientCommand.Create(),
            BenchCommand.Create(),
        };
        return root;
    }
}
