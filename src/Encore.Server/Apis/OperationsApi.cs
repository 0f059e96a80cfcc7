using Encore.Server.Events;
using Encore.Server.Operations;
using Encore.Server.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Encore.Server.Apis;

/// <summary>GET /health/live and /health/ready.</summary>
public sealed record HealthResponse(string Status, string? Error = null);

/// <summary>What is loaded: sizes, files and times.</summary>
public sealed record ArtifactsView(
    string Directory, string? OfflineFile, int Users, int TopPopular, int SimilarItems, int CatalogItems, string? CatalogFile,
    DateTime? TrainedUtc, DateTime LoadedUtc, double LoadSeconds);

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
        operations.MapGet("/stats", Stats).WithSummary("Requests by kind, fallbacks to popular, what is loaded, reload errors.");
        operations.MapPost("/admin/reload", ReloadAsync).RequireApiKey()
            .WithSummary("Loads the artifact set again (a new training run) and swaps it in; the old set keeps serving if loading fails.");
        return app;
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
            set.Directory, set.OfflineFile is null ? null : Path.GetFileName(set.OfflineFile), set.Offline.UserCount, set.TopPopular.Length,
            set.Similar.ItemCount, set.Catalog.Count, set.CatalogFile, set.TrainedUtc, set.LoadedUtc, set.LoadTime.TotalSeconds);
    }
}
