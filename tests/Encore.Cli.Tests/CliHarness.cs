using System.CommandLine;

namespace Encore.Cli.Tests;

/// <summary>Runs the <c>encore</c> command line in-process with captured output.</summary>
internal static class CliHarness
{
    public static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = EncoreCommandLine.Invoke(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
