using System.Diagnostics;
using Encore.Server.Serving;

namespace Encore.Server.Operations;

/// <summary>
/// The request log (<see cref="ServerOptions.RequestLog"/>): one line per request with its method, path, status,
/// duration and the version of the artifact set serving when it ended, as structured fields (Method, Path, Status,
/// DurationMs, Version) that the JSON console formatter writes as properties. It wraps the whole pipeline, so the
/// status is the one the client got, problem+json answers of the exception handler and the limits included. The query
/// string is left out: it carries user ids.
/// </summary>
public sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger, ServingSetHost artifacts)
{
    /// <summary>What <c>Version</c> says before the first set has loaded (and for the events role, which loads none).</summary>
    public const string NoVersion = "-";

    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var request = context.Request;
            LogRequest(request.Method, request.PathBase + request.Path, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(start).TotalMilliseconds, artifacts.Version ?? NoVersion);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {DurationMs:F1} ms artifacts {Version}")]
    private partial void LogRequest(string method, string path, int status, double durationMs, string version);
}
