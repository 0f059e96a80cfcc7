using System.CommandLine;
using Encore.Core;

namespace Encore.Cli;

/// <summary>What a verb's body gets: where to write, and the token that Ctrl+C cancels.</summary>
public sealed record CliContext(TextWriter Output, TextWriter Error, CancellationToken CancellationToken)
{
    /// <summary>Runs <paramref name="work"/> with progress shown on this context's output.</summary>
    public T WithProgress<T>(Func<IProgress<ProgressUpdate>, T> work) => ConsoleProgress.Run(work, Output);
}

/// <summary>
/// Runs a verb's body with the project's error policy (<see cref="EncoreCommandLine.ExitCodes"/>): a user error
/// (<see cref="EncoreException"/>) prints one clear line and exits 1; Ctrl+C exits 130; anything else is a bug,
/// reported in one line with the exception type (the stack trace only with ENCORE_DEBUG=1), exiting 70 so that a
/// script can tell it from bad input and from a usage error (2, see <see cref="EncoreCommandLine.Invoke"/>).
/// </summary>
public static class CommandRunner
{
    public const int Ok = 0;
    public const int UserError = 1;
    public const int UsageError = 2;

    /// <summary>sysexits.h's EX_SOFTWARE.</summary>
    public const int InternalError = 70;

    public const int Cancelled = 130;

    /// <summary>Runs a verb's body with the writers of <paramref name="parse"/>'s invocation.</summary>
    public static int Run(ParseResult parse, Func<CliContext, int> body) =>
        Run(body, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);

    public static int Run(Func<CliContext, int> body, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return body(new CliContext(output, error, cts.Token));
        }
        catch (EncoreException e)
        {
            error.WriteLine($"error: {e.Message}");
            return UserError;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            error.WriteLine("cancelled.");
            return Cancelled;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("ENCORE_DEBUG") != "1")
        {
            error.WriteLine($"error: internal error ({e.GetType().Name}): {e.Message}");
            error.WriteLine("Run again with ENCORE_DEBUG=1 for the stack trace, and please report it.");
            return InternalError;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
