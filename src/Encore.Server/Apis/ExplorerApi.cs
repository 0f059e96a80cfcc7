using System.ComponentModel;
using System.Text.Json;
using Encore.Core.Artifacts;
using Encore.Core.Serving;
using Encore.Server.Events;
using Encore.Server.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Encore.Server.Apis;

/// <summary>GET /v1/users/random: a listener who has personal (offline) recommendations.</summary>
public sealed record RandomListenerResponse(ExternalId UserId, int OfflineItems, int ListenersWithOfflineLists);

/// <summary>A name and how many of the listener's events carry it.</summary>
public sealed record NameCount(string Name, int Count);

/// <summary>One stored event with the track's details.</summary>
public sealed record HistoryEvent(ExternalId ItemId, DateTimeOffset? Timestamp, string? Name, IReadOnlyList<string>? Artists, IReadOnlyList<string>? Genres);

/// <summary>
/// GET /v1/users/{id}/history: the listener's online events, newest first, with names, and the artists and genres
/// they carry most. <paramref name="Note"/> says what the counts are over.
/// </summary>
public sealed record HistoryResponse(
    ExternalId UserId, IReadOnlyList<HistoryEvent> Events, IReadOnlyList<NameCount> TopArtists, IReadOnlyList<NameCount> TopGenres,
    int OfflineItems, string Note);

/// <summary>The ranker's summary from ranker.json.</summary>
public sealed record RankerSummary(
    IReadOnlyDictionary<string, double> CandidateRecall, IReadOnlyList<NameValue> Importance, JsonElement? Train);

/// <summary>A named number (a feature's importance).</summary>
public sealed record NameValue(string Name, double Value);

/// <summary>
/// GET /v1/artifacts/report: what the served artifact set says about its models (its version, the training
/// parameters, the ALS loss per iteration, the ranker's candidate recall and feature importance). The evaluation's
/// metrics are written next to the artifacts by <c>encore evaluate</c>, not into the set, so they are not here.
/// </summary>
public sealed record ArtifactReportResponse(
    string Version, string Directory, DateTime? TrainedUtc, DateTime LoadedUtc, int Users, int CatalogItems, int SimilarItems,
    string? OfflineFile, JsonElement? Parameters, IReadOnlyList<double>? AlsLoss, RankerSummary? Ranker, IReadOnlyList<string> Files, string Note);

/// <summary>
/// The small REST resources the explorer page (<c>/explore</c>) needs beyond the recommendations API: a random
/// listener, a listener's history with names, and the artifact set's report. Read-only, over the data the service
/// already holds (the serving set and the event store).
/// </summary>
public static class ExplorerApi
{
    private const int DefaultHistory = 20;
    private const int TopNames = 8;
    private const int TopFeatures = 15;

    /// <summary>What the history's counts are over: the served set has no training listens.</summary>
    public const string HistoryNote =
        "Counted over the listener's online events. The training listens are not part of the served artifact set, " +
        "so the service cannot show them.";

    public static IEndpointRouteBuilder MapExplorerApi(this IEndpointRouteBuilder app, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.Serves(ServerOptions.RecommendationsRole))
        {
            return app;
        }

        var users = app.MapGroup("/v1/users").WithTags("Explorer");
        users.MapGet("/random", RandomListener)
            .WithSummary("A random listener who has personal (offline) recommendations.");
        users.MapGet("/{id}/history", GetHistoryAsync)
            .WithSummary("The listener's online events with track names, and their top artists and genres.");
        app.MapGet("/v1/artifacts/report", Report).WithTags("Explorer")
            .WithSummary("The served artifact set's version, training parameters, ALS loss per iteration and ranker summary.");
        app.MapEvaluationReportApi();
        return app;
    }

    public static Results<Ok<RandomListenerResponse>, ProblemHttpResult> RandomListener(RecommendationService recommendations)
    {
        var lists = recommendations.Recommender.Set.Offline;
        var users = lists.Users;
        if (users.IsEmpty)
        {
            return RequestParameters.Rejected(
                StatusCodes.Status404NotFound, "No listeners", "user_id", "The served artifact set has no personal recommendations.");
        }

        // A few tries: a set may hold empty lists; any listener with one will do.
        var user = users[Random.Shared.Next(users.Length)];
        for (var attempt = 1; attempt < 16 && lists.ItemsOf(user).IsEmpty; attempt++)
        {
            user = users[Random.Shared.Next(users.Length)];
        }

        return TypedResults.Ok(new RandomListenerResponse(
            ExternalIds.Of(recommendations.Recommender.Set).User(user), lists.ItemsOf(user).Length, users.Length));
    }

    public static async Task<Results<Ok<HistoryResponse>, ValidationProblem>> GetHistoryAsync(
        string id,
        [FromQuery, Description("How many of the newest events, 1..Recommendations:MaxK (default 20)")] string? k,
        RecommendationService recommendations,
        IEventStore events,
        IOptions<RecommendationOptions> options,
        CancellationToken cancellationToken)
    {
        var set = recommendations.Recommender.Set;
        var ids = ExternalIds.Of(set);
        if (!ids.TryUser(id, "id", out var user, out var problem)
            || !RequestParameters.TryK(k, DefaultHistory, options.Value.MaxK, out var count, out problem))
        {
            return problem;
        }

        var stored = ids.EventKeys.Translate(await events.GetAsync(ids.EventKeys.User(user.Value), Math.Min(count, events.Capacity), cancellationToken));
        var artists = new Dictionary<string, int>(StringComparer.Ordinal);
        var genres = new Dictionary<string, int>(StringComparer.Ordinal);
        var views = new List<HistoryEvent>(stored.Count);
        foreach (var e in stored)
        {
            var details = set.Catalog.Find(e.ItemId);
            views.Add(new HistoryEvent(ids.Item(e.ItemId), e.Timestamp == default ? null : e.Timestamp, details?.Name, details?.Artists, details?.Genres));
            foreach (var artist in details?.Artists ?? [])
            {
                artists[artist] = artists.GetValueOrDefault(artist) + 1;
            }

            foreach (var genre in details?.Genres ?? [])
            {
                genres[genre] = genres.GetValueOrDefault(genre) + 1;
            }
        }

        return TypedResults.Ok(new HistoryResponse(
            user, views, Top(artists), Top(genres), set.Offline.ItemsOf(user.Value).Length, HistoryNote));
    }

    public static Ok<ArtifactReportResponse> Report(RecommendationService recommendations, ServingSetHost host)
    {
        var set = recommendations.Recommender.Set;
        var manifest = ReadJson(Path.Combine(set.Directory, ArtifactFiles.Manifest));
        var loss = ReadJson(Path.Combine(set.Directory, ArtifactFiles.AlsLoss));
        var ranker = ReadJson(Path.Combine(set.Directory, ArtifactFiles.RankerJson));
        var files = manifest?.TryGetProperty("artifacts", out var listed) == true && listed.ValueKind == JsonValueKind.Array
            ? listed.EnumerateArray().Select(f => f.TryGetProperty("file", out var name) ? name.GetString() : null).OfType<string>().ToArray()
            : [];
        return TypedResults.Ok(new ArtifactReportResponse(
            host.Version ?? ServingSetHost.Unversioned,
            Path.GetFileName(Path.TrimEndingDirectorySeparator(set.Directory)),
            set.TrainedUtc,
            set.LoadedUtc,
            set.Offline.UserCount,
            set.Catalog.Count,
            set.Similar.ItemCount,
            set.OfflineFile is null ? null : Path.GetFileName(set.OfflineFile),
            manifest?.TryGetProperty("parameters", out var parameters) == true ? parameters : null,
            loss?.TryGetProperty("loss", out var values) == true && values.ValueKind == JsonValueKind.Array
                ? [.. values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble())]
                : null,
            ranker is { } r ? Ranker(r) : null,
            files,
            "The evaluation's metrics and charts are written by 'encore evaluate' into the report folder, not into the " +
            "artifact set: /v1/artifacts/evaluation serves them when Explorer:ReportDirectory names that folder."));
    }

    private static RankerSummary Ranker(JsonElement ranker)
    {
        var recall = new Dictionary<string, double>(StringComparer.Ordinal);
        if (ranker.TryGetProperty("candidate_recall", out var r) && r.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in r.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Name != "new_listens"))
            {
                recall[p.Name] = p.Value.GetDouble();
            }
        }

        var importance = ranker.TryGetProperty("importance", out var i) && i.ValueKind == JsonValueKind.Object
            ? i.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                .Select(p => new NameValue(p.Name, p.Value.GetDouble()))
                .OrderByDescending(p => p.Value).ThenBy(p => p.Name, StringComparer.Ordinal).Take(TopFeatures).ToArray()
            : [];
        return new RankerSummary(recall, importance, ranker.TryGetProperty("train", out var train) ? train : null);
    }

    // The set's small JSON files; a missing or unreadable one is left out (a set need not have them all).
    private static JsonElement? ReadJson(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static NameCount[] Top(Dictionary<string, int> counts) =>
        [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopNames).Select(c => new NameCount(c.Key, c.Value))];
}
