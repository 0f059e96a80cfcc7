using Encore.Server.Events;
using Encore.Server.Serving;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Encore.Server.Operations;

/// <summary>
/// Turns what can go wrong inside a handler into problem+json with no stack trace: artifacts not loaded and an
/// unreachable event store are 503 with the reason; a malformed body is 400; anything else is a bug, logged in full
/// and answered 500 with a generic message.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            NotReadyException e => (StatusCodes.Status503ServiceUnavailable, "Not ready", e.Message),
            EventStoreUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "Event store unavailable", e.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred; it has been logged."),
        };
        if (status == StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(exception, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving {Path}")]
    private partial void LogUnexpected(Exception exception, string path);
}
