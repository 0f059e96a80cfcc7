using Encore.Server.Apis;
using Encore.Server.Events;
using Encore.Server.Serving;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Encore.Server.Operations;

/// <summary>
/// Turns what can go wrong inside a handler into problem+json with no stack trace: artifacts not loaded and an
/// unreachable event store are 503 with the reason; a body that cannot be read is 400, 408 or 413 naming it;
/// anything else is a bug, logged in full and answered 500 with a generic message.
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems, DependencyWarnings warnings, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The Retry-After of a 503 for the events store: about when a reconnect to a returning store is tried.</summary>
    private const int EventStoreRetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            return await WriteBodyProblemAsync(httpContext, bad);
        }

        var (status, title, detail) = exception switch
        {
            NotReadyException e => (StatusCodes.Status503ServiceUnavailable, "Not ready", e.Message),
            EventStoreUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "Events store unavailable", EventStoreDetail(e)),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred; it has been logged."),
        };
        if (status == StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(exception, httpContext.Request.Path);
        }
        else if (exception is EventStoreUnavailableException unavailable)
        {
            // The full reason (endpoint, command, key, client counters) goes to the log, rate-limited, never to the client.
            warnings.Unavailable("events", $"{httpContext.Request.Path} answered 503", unavailable.Message);
            httpContext.Response.Headers.RetryAfter = $"{EventStoreRetryAfterSeconds}";
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static string EventStoreDetail(EventStoreUnavailableException exception) => exception.Operation == EventStoreOperation.Write
        ? "The events store is unavailable: the event may not have been recorded. Retry it in a few seconds; recommendations are still served meanwhile."
        : "The events store is unavailable, so the events cannot be read now. Retry in a few seconds; recommendations are still served meanwhile, without the recent events.";

    // The request line and headers are parsed before any application code runs, so what reaches a handler as a bad
    // request is the body: over Server:MaxRequestBodyBytes (413), arriving too slowly (408), or cut short (400).
    // Kestrel's messages say which, and carry nothing internal.
    private async ValueTask<bool> WriteBodyProblemAsync(HttpContext httpContext, BadHttpRequestException exception)
    {
        var title = exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status408RequestTimeout => "Request body too slow",
            _ => "Unreadable request body",
        };
        httpContext.Response.StatusCode = exception.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = RequestParameters.Problem(
                exception.StatusCode, title, new Dictionary<string, string> { [JsonRequestBody.Field] = $"The request body could not be read: {exception.Message}" }),
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving {Path}")]
    private partial void LogUnexpected(Exception exception, string path);
}
