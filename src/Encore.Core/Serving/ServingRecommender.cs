using Encore.Core.Blending;
using Encore.Core.Models;
using Encore.Core.Models.Similar;

namespace Encore.Core.Serving;

/// <summary>Where a list's items came from; a blended list combines an offline source with <see cref="Online"/>.</summary>
[Flags]
public enum RecommendationSource
{
    /// <summary>Nothing to recommend (no online events, or every candidate already heard).</summary>
    None = 0,

    /// <summary>The listener's own precomputed list.</summary>
    Personal = 1,

    /// <summary>The top-popular chart: the listener has no personal list (or it is exhausted).</summary>
    Popular = 2,

    /// <summary>Tracks similar to the listener's newest events.</summary>
    Online = 4,

    /// <summary>The listener's ALS vector folded in at request time from their train history and events (<see cref="FoldInRecommender"/>).</summary>
    FoldIn = 8,

    /// <summary>The request-time ranker's list (<see cref="ILiveRecommender"/>, <c>kind=live</c>).</summary>
    Live = 16,
}

/// <summary>A served list: item ids best first and where they came from.</summary>
public sealed record ServedList(int[] Items, RecommendationSource Source);

/// <summary>
/// The service's recommendation semantics (docs/seed.md §6.2 with §9's fixes), on one <see cref="ServingSet"/>:
/// <list type="bullet">
/// <item>offline: the personal list, or top-popular for a listener without one, minus tracks heard online;</item>
/// <item>online: the similar tracks of the newest events, merged by max (or sum) score, minus the events and every heard track;</item>
/// <item>blended: <see cref="OnlineOfflineBlender"/> over the two.</item>
/// </list>
/// Stateless apart from the set, so one instance serves every request.
/// </summary>
public sealed class ServingRecommender(ServingSet set, RecommendationOptions options)
{
    public ServingSet Set { get; } = set ?? throw new ArgumentNullException(nameof(set));

    public RecommendationOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The top-popular chart minus heard tracks, at most <paramref name="k"/> items.</summary>
    public ServedList Popular(OnlineHistory history, int k) => Popular(history, k, ItemFilter.None);

    /// <summary>As <see cref="Popular(OnlineHistory, int)"/>, walking further down the chart past tracks <paramref name="filter"/> rejects.</summary>
    public ServedList Popular(OnlineHistory history, int k, ItemFilter filter) =>
        new(Except(Set.TopPopular, history.Heard, k, filter), RecommendationSource.Popular);

    /// <summary>
    /// The listener's personal list minus heard tracks; a listener without one gets top-popular. A personal list that
    /// has fewer than k unheard items is not padded: it is what the ranker chose.
    /// </summary>
    public ServedList Offline(long userId, OnlineHistory history, int k) => Offline(userId, history, k, ItemFilter.None);

    /// <summary>
    /// As <see cref="Offline(long, OnlineHistory, int)"/>, walking further down the personal list (or the chart) past
    /// tracks <paramref name="filter"/> rejects; a personal list the filter exhausts is not padded either.
    /// </summary>
    public ServedList Offline(long userId, OnlineHistory history, int k, ItemFilter filter)
    {
        var personal = Set.Offline.ItemsOf(userId);
        return personal.IsEmpty
            ? Popular(history, k, filter)
            : new ServedList(Except(personal, history.Heard, k, filter), RecommendationSource.Personal);
    }

    /// <summary>Online recommendations from this set's similar tracks.</summary>
    public ServedList Online(OnlineHistory history, int k) => Online(Set.Similar, Options.Merge, history, k);

    /// <summary>Online recommendations from this set's similar tracks that pass <paramref name="filter"/>.</summary>
    public ServedList Online(OnlineHistory history, int k, ItemFilter filter) => Online(Set.Similar, Options.Merge, history, k, filter);

    /// <summary>
    /// Tracks similar to the newest events (<see cref="OnlineHistory.Recent"/>), merged by <paramref name="merge"/>,
    /// without the events and heard tracks. Static so that a process whose similar tracks live in another role can
    /// run it on an index of just the neighbours it fetched.
    /// </summary>
    public static ServedList Online(SimilarItemsIndex similar, SimilarMerge merge, OnlineHistory history, int k) =>
        Online(similar, merge, history, k, ItemFilter.None);

    /// <summary>
    /// As <see cref="Online(SimilarItemsIndex, SimilarMerge, OnlineHistory, int)"/>, keeping the first k merged
    /// candidates that pass <paramref name="filter"/>: with a filter every candidate is merged and ranked, not just
    /// the top k, so rejected ones are replaced by the next best.
    /// </summary>
    public static ServedList Online(SimilarItemsIndex similar, SimilarMerge merge, OnlineHistory history, int k, ItemFilter filter)
    {
        ArgumentNullException.ThrowIfNull(similar);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (history.Recent.Length == 0)
        {
            return new ServedList([], RecommendationSource.None);
        }

        // Every candidate fits: each recent event contributes at most MaxNeighbours.
        var wanted = filter.KeepsAll ? k : Math.Max(k, history.Recent.Length * similar.MaxNeighbours);
        var items = new int[wanted];
        var scores = new double[wanted];
        var count = new SimilarToHistory(similar, merge).Recommend(history.Recent, history.Heard, items, scores);
        if (!filter.KeepsAll)
        {
            var positions = new int[k];
            var kept = filter.Select(items.AsSpan(0, count), [], positions);
            for (var i = 0; i < kept; i++)
            {
                items[i] = items[positions[i]];
            }

            count = kept;
        }

        return new ServedList(items[..count], count > 0 ? RecommendationSource.Online : RecommendationSource.None);
    }

    /// <summary>Offline and online interleaved (<see cref="OnlineOfflineBlender"/>); the offline list alone without online items.</summary>
    public static ServedList Blend(ServedList offline, ServedList online, int k)
    {
        ArgumentNullException.ThrowIfNull(offline);
        ArgumentNullException.ThrowIfNull(online);
        var items = new int[k];
        var count = OnlineOfflineBlender.Blend(offline.Items, online.Items, items);
        return new ServedList(items[..count], offline.Source | online.Source);
    }

    /// <summary>The first <paramref name="k"/> items of <paramref name="ranked"/> not in <paramref name="heard"/> (ascending) that pass <paramref name="filter"/>.</summary>
    private static int[] Except(ReadOnlySpan<int> ranked, ReadOnlySpan<int> heard, int k, ItemFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var result = new int[Math.Min(k, ranked.Length)];
        int count;
        if (filter.KeepsAll)
        {
            count = Unheard.First(ranked, heard, result);
        }
        else
        {
            count = filter.Select(ranked, heard, result);
            for (var i = 0; i < count; i++)
            {
                result[i] = ranked[result[i]];
            }
        }

        return count == result.Length ? result : result[..count];
    }
}
