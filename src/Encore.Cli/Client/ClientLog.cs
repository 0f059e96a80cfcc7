using System.Globalization;
using Encore.Core;

namespace Encore.Cli.Client;

/// <summary>
/// Where <c>encore client</c> reports: each message goes to the console as is and is appended to a log file with a
/// timestamp and level, like the seed's test_service.log (docs/seed.md §7), so a session's calls can be read back.
/// </summary>
public sealed class ClientLog : IDisposable
{
    /// <summary>The log file when <c>--log</c> is not given: in the working directory, appended to.</summary>
    public const string DefaultPath = "encore-client.log";

    private readonly TextWriter _console;
    private readonly StreamWriter? _file;

    /// <param name="console">The console output.</param>
    /// <param name="path">The log file, appended to; null logs to the console only.</param>
    /// <exception cref="EncoreException">The log file cannot be opened.</exception>
    public ClientLog(TextWriter console, string? path)
    {
        _console = console;
        if (path is null)
        {
            return;
        }

        try
        {
            _file = new StreamWriter(path, append: true) { AutoFlush = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new EncoreException($"--log: cannot write '{path}': {e.Message}", e);
        }
    }

    /// <summary>A result: printed, and logged at INFO.</summary>
    public void Info(string message)
    {
        _console.WriteLine(message);
        Append("INFO", message);
    }

    /// <summary>An error: logged at ERROR only, because the command runner prints it to stderr.</summary>
    public void Error(string message) => Append("ERROR", message);

    public void Dispose() => _file?.Dispose();

    private void Append(string level, string message) =>
        _file?.WriteLine($"{DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture)} {level} encore client: {message}");
}
