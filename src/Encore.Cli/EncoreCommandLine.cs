using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Encore.Cli.Commands;

namespace Encore.Cli;

/// <summary>The <c>encore</c> root command and its verbs.</summary>
public static class EncoreCommandLine
{
    /// <summary>The exit codes, as <c>encore --help</c> and the README state them.</summary>
    public const string ExitCodes =
        "Exit codes: 0 success; 1 bad input or a failure you can fix (one line names the file, column or parameter); " +
        "2 usage error (unknown command or option, a value that does not parse); 70 internal error (a bug: please report it); 130 cancelled.";

    /// <param name="ownsProcess">
    /// True only in the <c>encore</c> executable: verbs may then apply process-wide settings (serve's socket
    /// completions); tests that run the command line in their own process leave it false.
    /// </param>
    public static RootCommand Build(bool ownsProcess = false)
    {
        var root = new RootCommand($"Encore: a music recommender system (offline pipeline and online service).\n{ExitCodes}")
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

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse prints its errors and a pointer to
    /// --help (not the whole help, which buried the error) and exits <see cref="CommandRunner.UsageError"/>; a verb's
    /// own exit code follows <see cref="CommandRunner"/>.
    /// </summary>
    public static int Invoke(IReadOnlyList<string> args, InvocationConfiguration? configuration = null, bool ownsProcess = false)
    {
        var parse = Build(ownsProcess).Parse(args);
        if (parse.Action is not ParseErrorAction errors)
        {
            return parse.Invoke(configuration);
        }

        errors.ShowHelp = false;
        parse.Invoke(configuration);
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command; result = command.Parent)
        {
            names.Add(command.Command.Name);
        }

        // The root's name is the executable's (a test host's in tests).
        names[^1] = "encore";
        names.Reverse();
        (configuration?.Error ?? Console.Error).WriteLine($"Run '{string.Join(' ', names)} --help' for usage.");
        return CommandRunner.UsageError;
    }
}
