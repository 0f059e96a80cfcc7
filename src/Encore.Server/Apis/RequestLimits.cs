using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Encore.Server.Apis;

/// <summary>
/// Enforces <see cref="ServerOptions.MaxRequestTargetBytes"/>, <see cref="ServerOptions.MaxRequestHeadersBytes"/> and
/// <see cref="ServerOptions.MaxRequestHeaderCount"/> with 414 and 431 problem+json. Kestrel rejects a request over its
/// own limits before any application code runs and answers with an empty body, with no hook to change that; so its
/// limits are set <see cref="KestrelFactor"/> times higher (<see cref="EncoreServer"/>) and this middleware answers
/// everything between. Only a request beyond even those still gets Kestrel's empty 414 or 431 (docs/service.md).
/// It also closes the connection after refusing a request whose body may be over the limit.
/// </summary>
internal sealed class RequestLimits(RequestDelegate next, IOptions<ServerOptions> options, IProblemDetailsService problems)
{
    /// <summary>How much higher than the configured limits Kestrel's own are.</summary>
    public const int KestrelFactor = 4;

    /// <summary>What a request line ("METHOD target HTTP/1.1\r\n") adds to its target, at most.</summary>
    public const int RequestLineOverhead = 32;

    /// <summary>Kestrel's limit for a <paramref name="configured"/> one.</summary>
    public static int ForKestrel(int configured) => (int)Math.Min(int.MaxValue, (long)configured * KestrelFactor);

    public Task InvokeAsync(HttpContext context)
    {
        var server = options.Value;
        var request = context.Request;
        // First: the refusals below leave the body unread too.
        if (request.ContentLength > server.MaxRequestBodyBytes || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            context.Response.OnStarting(s_closeIfRejected, context);
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw.Length
            : request.PathBase.Value!.Length + request.Path.Value!.Length + request.QueryString.Value!.Length;
        if (target > server.MaxRequestTargetBytes)
        {
            return RejectAsync(context, StatusCodes.Status414RequestUriTooLong, "Request target too long", "target",
                $"The request target (path and query) is {target} bytes; this service accepts at most {server.MaxRequestTargetBytes} (Server:MaxRequestTargetBytes).");
        }

        var count = 0;
        long bytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                // As on the wire: "name: value\r\n".
                bytes += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        if (count > server.MaxRequestHeaderCount)
        {
            return RejectAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Too many request headers", "headers",
                $"The request has {count} headers; this service accepts at most {server.MaxRequestHeaderCount} (Server:MaxRequestHeaderCount).");
        }

        if (bytes > server.MaxRequestHeadersBytes)
        {
            return RejectAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large", "headers",
                $"The request's headers total {bytes} bytes; this service accepts at most {server.MaxRequestHeadersBytes} (Server:MaxRequestHeadersBytes).");
        }

        return next(context);
    }

    // A request refused before its body is read (401, 413, 415) leaves the body unread, and Kestrel, which drains it
    // to reuse the connection, drops the connection once the body passes its limit, after the answer and unannounced:
    // the client's next request on it then fails. Announced, the client opens a new one.
    private static readonly Func<object, Task> s_closeIfRejected = state =>
    {
        var response = ((HttpContext)state).Response;
        if (response.StatusCode >= StatusCodes.Status400BadRequest)
        {
            response.Headers.Connection = "close";
        }

        return Task.CompletedTask;
    };

    private async Task RejectAsync(HttpContext context, int status, string title, string name, string message)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = RequestParameters.Problem(status, title, new Dictionary<string, string> { [name] = message }),
        });
    }
}
