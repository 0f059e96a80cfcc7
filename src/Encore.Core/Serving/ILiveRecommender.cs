namespace Encore.Core.Serving;

/// <summary>
/// Request-time ranking (the service's <c>kind=live</c>): a candidate set built per request from the listener's
/// train history and newest events, scored by the live ranker. Defined here so that a <see cref="ServingSet"/> can
/// hold one; the implementation lives in the Ranking layer (its <c>Live</c> folder's <c>LiveRecommender</c>), which
/// this layer cannot see.
/// </summary>
/// <remarks>Implementations are thread-safe: one instance serves every request of a set.</remarks>
public interface ILiveRecommender
{
    /// <summary>The live model's feature names, in the order of <see cref="LiveItem.Features"/>.</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The most candidates a request can have (every source full): how deep a filtered request may read.</summary>
    int MaxCandidates { get; }

    /// <summary>
    /// Listener <paramref name="userId"/>'s live list: up to <paramref name="destination"/>'s length (k) track ids,
    /// best first, none heard in train or among <paramref name="events"/>.
    /// </summary>
    /// <param name="userId">The listener (one the model does not know is served from their events alone).</param>
    /// <param name="events">The stored events' track ids as the events store returns them (newest first, repeats kept).</param>
    /// <param name="destination">Receives the list.</param>
    /// <returns>
    /// How many were written; 0 when there is nothing to rank, or no session event yet for a listener with an offline
    /// list: the caller then serves the offline list.
    /// </returns>
    int Recommend(long userId, ReadOnlySpan<long> events, Span<int> destination);

    /// <summary>The same list as a served list (<see cref="RecommendationSource.Live"/>; empty with <see cref="RecommendationSource.None"/>).</summary>
    ServedList Recommend(long userId, ReadOnlySpan<long> events, int k);

    /// <summary>
    /// The same list with, for each track, its score, the candidate sources that proposed it and its feature vector
    /// (names in <see cref="FeatureNames"/>): what explanations and feature contributions are computed from. Unlike
    /// <c>Recommend</c> it ranks before the first event too, so the offline list's tracks can be explained.
    /// </summary>
    LiveList Explain(long userId, ReadOnlySpan<long> events, int k);
}

/// <summary>One track of a live list, as the live ranker saw it.</summary>
/// <param name="ItemId">The track.</param>
/// <param name="Score">The live model's score.</param>
/// <param name="Sources">The candidate sources that proposed it (e.g. <c>foldin</c>, <c>session_similar</c>, <c>offline</c>, <c>popular</c>).</param>
/// <param name="Features">Its feature values, in <see cref="LiveList.FeatureNames"/> order; NaN is missing.</param>
public sealed record LiveItem(int ItemId, float Score, IReadOnlyList<string> Sources, float[] Features);

/// <summary>A live list with what each track's score came from.</summary>
public sealed record LiveList(IReadOnlyList<LiveItem> Items, IReadOnlyList<string> FeatureNames);

/// <summary>Loads a set's live recommender once the rest of the set is loaded (it reuses the set's lists and models); null when the set has none.</summary>
public delegate ILiveRecommender? LiveLoader(string artifactsDirectory, ServingSet set);
