using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Encore.Cli.Commands;

/// <summary>
/// What <c>encore serve</c> says about itself (where it listens, that it is ready, that it stopped). With the default
/// console format these are plain lines on the command's output, for a person at a terminal; with
/// <c>--Logging:Console:FormatterName=json</c> they are log events instead, so that every line of stdout is one JSON
/// object a log shipper can parse. The message text is the same either way.
/// </summary>
internal sealed partial class ServeAnnouncements
{
    private readonly CliContext _cli;
    private readonly ILogger? _logger;

    public ServeAnnouncements(CliContext cli, WebApplication app)
    {
        _cli = cli;
        var console = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        if (string.Equals(console.FormatterName, ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase))
        {
            _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Encore.Cli.Serve");
        }
    }

    public void Listening(string role, IReadOnlyList<string> addresses)
    {
        var joined = string.Join(", ", addresses);
        if (_logger is null)
        {
            _cli.Output.WriteLine($"Encore ({role}) listening on {joined}; loading artifacts...");
        }
        else
        {
            LogListening(_logger, role, joined);
        }
    }

    public void Ready(double seconds, string? docs)
    {
        if (_logger is null)
        {
            _cli.Output.WriteLine($"Ready in {seconds:F2} s. API docs: {docs}/docs. Ctrl+C stops.");
        }
        else
        {
            LogReady(_logger, seconds, docs);
        }
    }

    public void StoppedBeforeLoading()
    {
        if (_logger is null)
        {
            _cli.Output.WriteLine("Stopped before the artifacts loaded.");
        }
        else
        {
            LogStoppedBeforeLoading(_logger);
        }
    }

    public void Stopped()
    {
        if (_logger is null)
        {
            _cli.Output.WriteLine("Stopped.");
        }
        else
        {
            LogStopped(_logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encore ({Role}) listening on {Addresses}; loading artifacts...")]
    private static partial void LogListening(ILogger logger, string role, string addresses);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready in {Seconds:F2} s. API docs: {Docs}/docs")]
    private static partial void LogReady(ILogger logger, double seconds, string? docs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped before the artifacts loaded.")]
    private static partial void LogStoppedBeforeLoading(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped.")]
    private static partial void LogStopped(ILogger logger);
}
