using Microsoft.Net.Http.Headers;

namespace Encore.Server.Apis;

/// <summary>
/// Gives the framework's own 4xx answers (404 for a path no endpoint serves, 405 for a method an endpoint does not
/// take, written as problem+json by UseStatusCodePages) a detail naming what was wrong, which they lack by default.
/// Problems the endpoints write carry their own detail and are left alone.
/// </summary>
internal static class StatusCodeProblems
{
    private const int MaxQuoted = 200;

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        var path = JsonRequestBody.Shorten(request.PathBase + request.Path, MaxQuoted);
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"No endpoint serves the path '{path}'; the API is described at /docs.",
            StatusCodes.Status405MethodNotAllowed => context.HttpContext.Response.Headers[HeaderNames.Allow].ToString() is { Length: > 0 } allow
                ? $"The method '{request.Method}' is not allowed on the path '{path}'; allowed: {allow}."
                : $"The method '{request.Method}' is not allowed on the path '{path}'.",
            StatusCodes.Status415UnsupportedMediaType => $"The path '{path}' does not take a body of type '{JsonRequestBody.Shorten(request.ContentType)}'.",
            _ => problem.Detail,
        };
    }
}
