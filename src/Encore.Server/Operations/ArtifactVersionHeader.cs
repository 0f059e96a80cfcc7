using Encore.Server.Serving;

namespace Encore.Server.Operations;

/// <summary>
/// Puts the version of the artifact set being served (<see cref="ServingSetHost.Version"/>) on every response as
/// <see cref="HeaderName"/>, so that a client behind a load balancer sees which model answered it: while a new set
/// rolls out across replicas, answers of two versions can interleave, and this header tells them apart. It is added
/// when the response starts, so it survives the exception handler clearing the response and is on problem+json
/// answers, <c>/health/*</c> and the answer to <c>/admin/reload</c> (which already carries the new version). No
/// header before the first set has loaded, nor for the events role, which serves none.
/// </summary>
public sealed class ArtifactVersionHeader(RequestDelegate next, ServingSetHost artifacts)
{
    /// <summary>The response header that names the served set's version.</summary>
    public const string HeaderName = "X-Encore-Artifacts";

    private static readonly Func<object, Task> s_addHeader = static state =>
    {
        var (context, artifacts) = ((HttpContext, ServingSetHost))state;
        if (artifacts.Version is { } version)
        {
            context.Response.Headers[HeaderName] = version;
        }

        return Task.CompletedTask;
    };

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(s_addHeader, (context, artifacts));
        return next(context);
    }
}
