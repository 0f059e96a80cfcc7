using System.Text.Json.Serialization;
using Encore.Core.Serving;
using Encore.Server.Events;
using Encore.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Encore.Server.Apis;

/// <summary>{"recs": [...]}: the seed's recommendation lists.</summary>
public sealed record SeedRecs(int[] Recs);

/// <summary>{"item_id_2": [...], "score": [...]}: the seed's similar tracks.</summary>
public sealed record SeedSimilar([property: JsonPropertyName("item_id_2")] int[] ItemId2, [property: JsonPropertyName("score")] double[] Score);

/// <summary>{"events": [...]}: the seed's online history, newest first.</summary>
public sealed record SeedEvents(long[] Events);

/// <summary>{"result": "ok"}.</summary>
public sealed record SeedResult(string Result);

/// <summary>{"message": "..."}.</summary>
public sealed record SeedMessage(string Message);

/// <summary>
/// The seed's API, path for path (docs/seed.md §6): every call but <c>GET /</c> is a POST with query parameters and the
/// seed's JSON shapes and default k's, so the seed's own client works unchanged. What differs is what the seed got
/// wrong: k is honoured and checked, heard tracks are left out, a store or peer that is down never causes a 500.
/// </summary>
public static class SeedApi
{
    // The seed's defaults (docs/seed.md §6.2–6.4), capped at Recommendations:MaxK.
    private const int OfflineDefaultK = 100;
    private const int OnlineDefaultK = 50;
    private const int SimilarDefaultK = 10;
    private const int EventsDefaultK = 10;

    /// <summary>
    /// Sent by a peer of a split deployment (the recommendations role asking a features role for similar tracks), which
    /// speaks in the set's int ids whatever ids the set was trained on.
    /// </summary>
    public const string InternalIdsHeader = "X-Encore-Internal-Ids";

    /// <summary>
    /// The seed's calls take and return integer ids; a set trained on string ids (docs/import.md) has none to give, so
    /// every call answers 400 saying so and pointing to the REST API, instead of leaking the set's internal int ids
    /// (peers excepted: <see cref="InternalIdsHeader"/>).
    /// </summary>
    private static async ValueTask<object?> RejectStringIds(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var host = context.HttpContext.RequestServices.GetRequiredService<Serving.ServingSetHost>();
        if (ExternalIds.Of(host.Current?.Set).AreStrings && !context.HttpContext.Request.Headers.ContainsKey(InternalIdsHeader))
        {
            return RequestParameters.Rejected(
                StatusCodes.Status400BadRequest,
                "The set uses string ids",
                "ids",
                "The served artifact set was trained on string ids (user_ids.parquet / item_ids.parquet), which this " +
                "predecessor-compatible API, with its integer ids, cannot take or return. Use the REST API with the original " +
                "ids: GET /v1/users/{id}/recommendations, GET /v1/items/{id}/similar, POST and GET /v1/users/{id}/events " +
                "(docs/service.md).");
        }

        return await next(context);
    }

    public static IEndpointRouteBuilder MapSeedApi(this IEndpointRouteBuilder app, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var api = app.MapGroup("").WithTags("Seed API");
        var message = server.Role switch
        {
            ServerOptions.FeaturesRole => "Features service is working",
            ServerOptions.EventsRole => "Events service is working",
            _ => "Recommendations service is working",
        };
        api.MapGet("/", () => TypedResults.Ok(new SeedMessage(message))).WithSummary("Says which service this is.");
        api = api.MapGroup("").AddEndpointFilter(RejectStringIds);
        if (server.Serves(ServerOptions.RecommendationsRole))
        {
            api.MapPost("/recommendations_offline", Offline).WithSummary("Personal recommendations (top-popular for unknown users), minus heard tracks.");
            api.MapPost("/recommendations_default", Default).WithSummary("The top-popular chart.");
            api.MapPost("/recommendations_online", Online).WithSummary("Tracks similar to the user's newest events.");
            api.MapPost("/recommendations", Blended).WithSummary("Offline and online recommendations interleaved.");
        }

        if (server.Serves(ServerOptions.FeaturesRole))
        {
            api.MapPost("/similar_items", Similar).WithSummary("A track's similar tracks, best first ([] for an unknown track).");
        }

        if (server.Serves(ServerOptions.EventsRole))
        {
            api.MapPost("/put", Put).RequireApiKey().WithSummary("Records that a user played a track.");
            api.MapPost("/get", Get).WithSummary("A user's newest events, newest first.");
        }

        return app;
    }

    public static Task<Results<Ok<SeedRecs>, ValidationProblem>> Offline(
        [FromQuery(Name = "user_id")] string? userId, [FromQuery] string? k, ApiServices services, CancellationToken cancellationToken) =>
        RecommendAsync(RecommendationKind.Offline, userId, k, OfflineDefaultK, services, cancellationToken);

    /// <summary>The predecessor's online list, or the live list with <c>Recommendations:SeedServes=Live</c>.</summary>
    public static Task<Results<Ok<SeedRecs>, ValidationProblem>> Online(
        [FromQuery(Name = "user_id")] string? userId, [FromQuery] string? k, ApiServices services, IOptions<RecommendationOptions> options,
        CancellationToken cancellationToken) =>
        RecommendAsync(Served(RecommendationKind.Online, options.Value), userId, k, OnlineDefaultK, services, cancellationToken);

    /// <summary>The predecessor's blend, or the live list with <c>Recommendations:SeedServes=Live</c>.</summary>
    public static Task<Results<Ok<SeedRecs>, ValidationProblem>> Blended(
        [FromQuery(Name = "user_id")] string? userId, [FromQuery] string? k, ApiServices services, IOptions<RecommendationOptions> options,
        CancellationToken cancellationToken) =>
        RecommendAsync(Served(RecommendationKind.Blended, options.Value), userId, k, OfflineDefaultK, services, cancellationToken);

    public static Results<Ok<SeedRecs>, ValidationProblem> Default([FromQuery] string? k, ApiServices services)
    {
        if (!RequestParameters.TryK(k, OfflineDefaultK, services.MaxK, out var count, out var problem))
        {
            return problem;
        }

        var list = services.Recommendations.Recommender.Popular(OnlineHistory.None, count);
        services.Stats.Served(RecommendationKind.Popular, list.Source);
        return TypedResults.Ok(new SeedRecs(list.Items));
    }

    public static Results<Ok<SeedSimilar>, ValidationProblem> Similar(
        [FromQuery(Name = "item_id")] string? itemId, [FromQuery] string? k, ApiServices services)
    {
        if (!RequestParameters.TryId(itemId, "item_id", out var item, out var problem)
            || !RequestParameters.TryK(k, SimilarDefaultK, services.MaxK, out var count, out problem))
        {
            return problem;
        }

        services.Stats.Count("similar");
        var similar = services.Recommendations.Recommender.Set.Similar;
        var index = item is >= int.MinValue and <= int.MaxValue ? similar.IndexOf((int)item) : -1;
        if (index < 0)
        {
            return TypedResults.Ok(new SeedSimilar([], []));
        }

        var neighbours = similar.Neighbours(index);
        var take = Math.Min(count, neighbours.Length);
        return TypedResults.Ok(new SeedSimilar(neighbours[..take].ToArray(), similar.Scores(index)[..take].ToArray()));
    }

    public static async Task<Results<Ok<SeedResult>, ValidationProblem>> Put(
        [FromQuery(Name = "user_id")] string? userId, [FromQuery(Name = "item_id")] string? itemId, ApiServices services,
        CancellationToken cancellationToken)
    {
        if (!RequestParameters.TryId(userId, "user_id", out var user, out var problem)
            || !RequestParameters.TryId(itemId, "item_id", out var item, out problem))
        {
            return problem;
        }

        services.Stats.Count("put");
        await services.Events.AddAsync(user, new UserEvent(item, DateTimeOffset.UtcNow), cancellationToken);
        return TypedResults.Ok(new SeedResult("ok"));
    }

    public static async Task<Results<Ok<SeedEvents>, ValidationProblem>> Get(
        [FromQuery(Name = "user_id")] string? userId, [FromQuery] string? k, ApiServices services, CancellationToken cancellationToken)
    {
        if (!RequestParameters.TryId(userId, "user_id", out var user, out var problem)
            || !RequestParameters.TryK(k, EventsDefaultK, services.MaxK, out var count, out problem))
        {
            return problem;
        }

        services.Stats.Count("get");
        var events = await services.Events.GetAsync(user, Math.Min(count, services.Events.Capacity), cancellationToken);
        return TypedResults.Ok(new SeedEvents([.. events.Select(e => e.ItemId)]));
    }

    // Only the two lists the predecessor built from the session switch to live: the offline list and the chart keep
    // their meaning whatever the setting.
    private static RecommendationKind Served(RecommendationKind seedKind, RecommendationOptions options) =>
        options.SeedServes == SeedServes.Live ? RecommendationKind.Live : seedKind;

    private static async Task<Results<Ok<SeedRecs>, ValidationProblem>> RecommendAsync(
        RecommendationKind kind, string? userId, string? k, int defaultK, ApiServices services, CancellationToken cancellationToken)
    {
        if (!RequestParameters.TryId(userId, "user_id", out var user, out var problem)
            || !RequestParameters.TryK(k, defaultK, services.MaxK, out var count, out problem))
        {
            return problem;
        }

        var result = await services.Recommendations.RecommendAsync(kind, user, count, cancellationToken);
        return TypedResults.Ok(new SeedRecs(result.List.Items));
    }
}
