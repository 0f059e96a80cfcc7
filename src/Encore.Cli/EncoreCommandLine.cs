using System.CommandLine;
using Encore.Cli.Commands;

namespace Encore.Cli;

/// <summary>The <c>encore</c> root command and its verbs.</summary>
public static class EncoreCommandLine
{
    /// <param name="ownsProcess">
    /// True only in the <c>encore</c> executable: verbs may then apply process-wide settings (serve's socket
    /// completions); tests that run the command line in their own process leave it false.
    /// </param>
    public static RootCommand Build(bool ownsProcess = false)
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
            ServeCommand.Create(ownsProcess),
            ClientCommand.Create(),
            BenchCommand.Create(),
        };
        return root;
    }
}
