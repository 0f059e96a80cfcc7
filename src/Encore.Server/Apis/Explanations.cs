using System.Globalization;
using Encore.Core.Artifacts;
using Encore.Core.Models.Similar;
using Encore.Core.Serving;
using Encore.Server.Operations;
using Encore.Server.Serving;

namespace Encore.Server.Apis;

/// <summary>
/// Builds the explanations of explain=true after the list is served, from what the request already holds, so a
/// request without explain pays nothing:
/// <list type="bullet">
/// <item>online (similar): every recent event whose neighbour list holds the track, with that similarity, best
/// first — the best one is the event that gave the track its score under the max merge;</item>
/// <item>popular: the track's rank in the chart;</item>
/// <item>offline: the personal list it came from (ranker or personal_als) and its rank there; with the ALS fold-in
/// loaded, the listener's train tracks j contributing most to the ALS score of track i, taken as yⱼ·yᵢ (a simple form
/// of implicit's explain, which weighs the history through (YᵀCᵤY + λI)⁻¹ as well);</item>
/// <item>blended: the explanation of the part (offline or online) the track came from;</item>
/// <item>live: the request-time ranker's rank, the candidate sources that proposed the track and the features that
/// raised its score most (<see cref="LiveExplanations"/>), which a ranker list's tracks get too when the live ranker is
/// loaded and has them among its candidates.</item>
/// </list>
/// </summary>
internal static class Explanations
{
    /// <summary>How many listened tracks an explanation names at most.</summary>
    public const int MaxTracks = 3;

    /// <summary>Adds each view's explanation, <paramref name="views"/> being <paramref name="result"/>'s list in order.</summary>
    public static void Explain(RecommendationKind kind, long userId, RecommendationResult result, ItemView[] views, ExternalIds ids)
    {
        var items = result.List.Items;
        var live = new LiveExplanations(result, userId);
        for (var i = 0; i < views.Length; i++)
        {
            var item = items[i];
            var explanation = kind switch
            {
                // A live request served degraded got the blend, explained as one; one the live ranker had no
                // candidate for got the offline list.
                RecommendationKind.Live when result.LiveDepth > 0 => live.OfLiveItem(item),
                RecommendationKind.Live when !result.LiveUnavailable => Offline(result.Set, result.List, userId, item, ids, live),
                RecommendationKind.Popular => Popular(result.Set, item),
                RecommendationKind.Offline => Offline(result.Set, result.List, userId, item, ids, live),
                RecommendationKind.Online => Similar(result, item, ids),
                _ => result.OfflinePart is { } offline && Array.IndexOf(offline.Items, item) >= 0
                    ? Offline(result.Set, offline, userId, item, ids, live)
                    : Similar(result, item, ids),
            };
            views[i] = views[i] with { Explanation = explanation };
        }
    }

    /// <summary>A neighbour of <paramref name="item"/> in GET /v1/items/{id}/similar.</summary>
    public static ExplanationView Neighbour(ItemCatalog catalog, ExternalId item, double score, ExternalIds ids) =>
        new("similar", $"similar to {Label(catalog, item.Value, ids)} ({Format(score)})", null, [new ContributionView(item, catalog.Find(item.Value)?.Name, score)]);

    private static ExplanationView Popular(ServingSet set, int item)
    {
        var rank = Array.IndexOf(set.TopPopular, item) + 1;
        return new ExplanationView("popular", $"chart rank {rank}", rank);
    }

    private static ExplanationView Offline(ServingSet set, ServedList list, long userId, int item, ExternalIds ids, LiveExplanations live)
    {
        if (list.Source != RecommendationSource.Personal)
        {
            return Popular(set, item);
        }

        var rank = set.Offline.ItemsOf(userId).IndexOf(item) + 1;
        var source = Path.GetFileName(set.OfflineFile) == ArtifactFiles.Recommendations ? "ranker" : "personal_als";
        var reason = $"personal list rank {rank}";
        var tracks = set.FoldIn is { } foldIn ? AlsContributions(foldIn, set.Catalog, userId, item, ids) : null;
        if (tracks is { Count: > 0 })
        {
            reason += $"; listened tracks contributing most: {string.Join(", ", tracks.Select(t => Label(set.Catalog, t.ItemId.Value, ids)))}";
        }

        if (source == "ranker" && live.OfRankerItem(item) is ({ } sources, var features, { } liveReason))
        {
            return new ExplanationView(source, reason + liveReason, rank, tracks, sources, features);
        }

        return new ExplanationView(source, reason, rank, tracks);
    }

    /// <summary>The listener's train tracks j ≠ i with the largest yⱼ·yᵢ, positive ones only, largest first.</summary>
    private static List<ContributionView>? AlsContributions(FoldInRecommender foldIn, ItemCatalog catalog, long userId, int item, ExternalIds ids)
    {
        if (!foldIn.Users.TryToInternal(userId, out var user) || !foldIn.Items.TryToInternal(item, out var row))
        {
            return null;
        }

        var factors = foldIn.FoldIn.Model.ItemFactors;
        var target = factors.Row(row);
        var best = new List<(int Row, double Score)>(MaxTracks + 1);
        foreach (var j in foldIn.FoldIn.Model.UserItems.RowIndices(user))
        {
            if (j == row)
            {
                continue; // a track does not explain itself
            }

            var history = factors.Row(j);
            var dot = 0.0;
            for (var f = 0; f < target.Length; f++)
            {
                dot += (double)history[f] * target[f];
            }

            if (dot > 0)
            {
                best.Add((j, dot));
                best.Sort((a, b) => b.Score.CompareTo(a.Score));
                if (best.Count > MaxTracks)
                {
                    best.RemoveAt(MaxTracks);
                }
            }
        }

        return [.. best.Select(b =>
        {
            var id = foldIn.Items.ToExternal(b.Row);
            return new ContributionView(ids.Item(id), catalog.Find(id)?.Name, Math.Round(b.Score, 6));
        })];
    }

    private static ExplanationView Similar(RecommendationResult result, int item, ExternalIds ids)
    {
        var tracks = new List<ContributionView>();
        var catalog = result.Set.Catalog;
        if (result.History is { } history && result.OnlineIndex is { } index)
        {
            foreach (var recent in history.Recent)
            {
                var score = SimilarityOf(index, recent, item);
                if (score is { } found && !tracks.Exists(t => t.ItemId.Value == recent))
                {
                    tracks.Add(new ContributionView(ids.Item(recent), catalog.Find(recent)?.Name, found));
                }
            }
        }

        // Stable: equal similarities keep the newest event first.
        tracks = [.. tracks.OrderByDescending(t => t.Score)];
        if (tracks.Count == 0)
        {
            return new ExplanationView("similar", "similar to the listener's recent tracks");
        }

        var reason = $"similar to {Label(catalog, tracks[0].ItemId.Value, ids)} ({Format(tracks[0].Score)})";
        if (tracks.Count > 1)
        {
            reason += $" and {tracks.Count - 1} more recent track{(tracks.Count > 2 ? "s" : "")}";
        }

        return new ExplanationView("similar", reason, null, tracks.Count > MaxTracks ? tracks[..MaxTracks] : tracks);
    }

    private static double? SimilarityOf(SimilarItemsIndex index, int source, int item)
    {
        var neighbours = index.NeighboursOf(source);
        var position = neighbours.IndexOf(item);
        return position < 0 ? null : index.ScoresOf(source)[position];
    }

    private static string Label(ItemCatalog catalog, long item, ExternalIds ids) =>
        catalog.Find(item) is { } found ? $"'{found.Name}' ({ids.Item(item)})" : $"track {ids.Item(item)}";

    private static string Format(double score) => score.ToString("0.###", CultureInfo.InvariantCulture);
}
