using Encore.Core.Artifacts;
using Encore.Server.Events;
using Encore.Server.Operations;
using Encore.Server.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Encore.Server.Apis;

/// <summary>GET /health/live and /health/ready.</summary>
public sealed record HealthResponse(string Status, string? Error = null);

/// <summary>
/// What is loaded: sizes, files (by name: the set's folder and file names, never where they are) and times;
/// <paramref name="LiveModel"/> is live_model.bin when the request-time ranker is loaded (its load time is
/// <c>live</c> in <paramref name="LoadPartsSeconds"/>), null when kind=live serves degraded.
/// </summary>
public sealed record ArtifactsView(
    string Directory, string? OfflineFile, int Users, int TopPopular, int SimilarItems, int CatalogItems, string? CatalogFile,
    DateTime? TrainedUtc, DateTime LoadedUtc, double LoadSeconds, IReadOnlyDictionary<string, double> LoadPartsSeconds, string? LiveModel = null);

/// <summary>How loading and reloading went.</summary>
public sealed record ReloadView(bool Loading, int Loads, int FailedLoads, string? LastError, DateTime? LastErrorUtc);

/// <summary>GET /stats.</summary>
public sealed record StatsResponse(
    string Role, string EventStore, ArtifactsView? Artifacts, ReloadView Reload, IReadOnlyDictionary<string, long> Counters);

/// <summary>POST /admin/reload.</summary>
public sealed record ReloadResponse(string Status, double Seconds, ArtifactsView? Artifacts);

/// <summary>Liveness, readiness, counters and the admin reload.</summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var operations = app.MapGroup("").WithTags("Operations");
        operations.MapGet("/health/live", () => TypedResults.Ok(new HealthResponse("live"))).WithSummary("The process is up.");
        operations.MapGet("/health/ready", Ready).WithSummary("The artifacts are loaded and requests can be served.");
        var stats = operations.MapGet("/stats", Stats).WithSummary("Requests by kind, fallbacks to popular, what is loaded, reload errors.");
        if (app.ServiceProvider.GetRequiredService<IOptions<ServerOptions>>().Value.OperationsNeedKey)
        {
            stats.RequireApiKey();
        }

        operations.MapPost("/admin/reload", ReloadAsync).RequireApiKey()
            .WithSummary("Loads the artifact set again (a new training run) and swaps it in; the old set keeps serving if loading fails.");
        return app;
    }

    /// <summary>
    /// Puts <c>/metrics</c> (or any endpoint that is not a route handler, which endpoint filters do not reach) behind
    /// the API key when <see cref="ServerOptions.OperationsNeedKey"/>: the same <see cref="ApiKeyFilter"/> as the
    /// other guarded endpoints, so the same 401 problem+json.
    /// </summary>
    public static TBuilder RequireApiKeyForOperations<TBuilder>(this TBuilder builder, ServerOptions server)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.OperationsNeedKey)
        {
            return builder;
        }

        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async context =>
            {
                var filter = ActivatorUtilities.CreateInstance<ApiKeyFilter>(context.RequestServices);
                var result = await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(context), async _ =>
                {
                    await inner(context);
                    return null;
                });
                if (result is IResult refusal)
                {
                    await refusal.ExecuteAsync(context);
                }
            };
        });
        return builder;
    }

    public static Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> Ready(ServingSetHost host)
    {
        if (host.Current is not null)
        {
            return TypedResults.Ok(new HealthResponse("ready", host.LastError));
        }

        var status = host.LastError is null ? "loading" : "failed";
        return TypedResults.Json(new HealthResponse(status, host.LastError), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public static Ok<StatsResponse> Stats(
        ServingSetHost host, ServiceStats stats, IOptions<ServerOptions> server, IOptions<EventStoreOptions> events) =>
        TypedResults.Ok(new StatsResponse(server.Value.Role, events.Value.Store, View(host), Reload(host), stats.Snapshot()));

    public static async Task<Results<Ok<ReloadResponse>, ProblemHttpResult>> ReloadAsync(ServingSetHost host, CancellationToken cancellationToken)
    {
        var outcome = await host.ReloadAsync(cancellationToken);
        if (!outcome.Succeeded)
        {
            return TypedResults.Problem(
                detail: $"{outcome.Error} The previous artifact set keeps serving.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Reload failed");
        }

        return TypedResults.Ok(new ReloadResponse("reloaded", outcome.Duration.TotalSeconds, View(host)));
    }

    private static ReloadView Reload(ServingSetHost host) =>
        new(host.Loading, host.Loads, host.FailedLoads, host.LastError, host.LastErrorUtc);

    private static ArtifactsView? View(ServingSetHost host)
    {
        if (host.Current?.Set is not { } set)
        {
            return null;
        }

        return new ArtifactsView(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(set.Directory)), set.OfflineFile is null ? null : Path.GetFileName(set.OfflineFile),
            set.Offline.UserCount, set.TopPopular.Length, set.Similar.ItemCount, set.Catalog.Count,
            set.CatalogFile is null ? null : Path.GetFileName(set.CatalogFile), set.TrainedUtc, set.LoadedUtc, set.LoadTime.TotalSeconds, set.PartSeconds,
            set.Live is null ? null : ArtifactFiles.LiveModel);
    }
}
