using Encore.Core.Models.Similar;
using Encore.Core.Serving;
using Encore.Server.Events;
using Encore.Server.Operations;
using Encore.Server.SimilarTracks;
using Microsoft.Extensions.Options;

namespace Encore.Server.Serving;

/// <summary>
/// A served list plus what the request had to do without, and what explanations need: the listener's history (and
/// the stored events it came from, newest first), the similar tracks the online part was built from, a blend's two
/// parts (null where the kind has none), and for a live list how deep into the live ranking it reached.
/// </summary>
public sealed record RecommendationResult(
    ServedList List, ServingSet Set, bool EventsUnavailable, bool FeaturesUnavailable,
    OnlineHistory? History = null, SimilarItemsIndex? OnlineIndex = null, ServedList? OfflinePart = null, ServedList? OnlinePart = null)
{
    /// <summary>kind=live was asked for but the set has no live ranker, so the blend was served.</summary>
    public bool LiveUnavailable { get; init; }

    /// <summary>The stored events' track ids, newest first, repeats kept (what the live ranker reads).</summary>
    public long[] Events { get; init; } = [];

    /// <summary>How many of the live ranking's candidates the list was taken from (k, or more with a filter); 0 for other lists.</summary>
    public int LiveDepth { get; init; }
}

/// <summary>The artifacts are not loaded yet (or the first load failed); requests get 503.</summary>
public sealed class NotReadyException(string message) : Exception(message);

/// <summary>
/// One recommendation request end to end, shared by the seed API and the REST API: read the listener's events, build
/// the list with <see cref="ServingRecommender"/>, count it. A store or peer that is down never fails the request:
/// without events the listener gets offline recommendations (and an empty online list), without similar tracks the
/// online part is empty. Each such request is counted; the warning is logged at most once per interval
/// (<see cref="DependencyWarnings"/>).
/// </summary>
public sealed class RecommendationService(
    ServingSetHost host, IEventStore events, ISimilarItemsSource similar, ServiceStats stats,
    IOptions<RecommendationOptions> options, DependencyWarnings warnings)
{
    private readonly RecommendationOptions _options = options.Value;

    /// <summary>The set being served.</summary>
    /// <exception cref="NotReadyException">Nothing is loaded yet.</exception>
    public ServingRecommender Recommender =>
        host.Current ?? throw new NotReadyException(host.LastError is { } error
            ? $"The artifacts could not be loaded: {error}"
            : "The artifacts are still loading; retry in a few seconds.");

    public Task<RecommendationResult> RecommendAsync(RecommendationKind kind, long userId, int k, CancellationToken cancellationToken) =>
        RecommendAsync(kind, userId, k, ItemFilter.None, cancellationToken);

    /// <summary>As <see cref="RecommendAsync(RecommendationKind, long, int, CancellationToken)"/>, each source refilling past the tracks <paramref name="filter"/> rejects.</summary>
    /// <remarks>
    /// <see cref="RecommendationKind.Live"/> ranks the listener's request-time candidates with the set's live ranker;
    /// a set without one (no live_model.bin or no als_model.bin, or <c>Artifacts:Live</c> off) serves the blend
    /// instead, counted as degraded (<c>live_model</c>); a listener the live ranker has no candidate for gets the
    /// offline list (the chart without one), as the replay's <c>live</c> strategy does.
    /// </remarks>
    public async Task<RecommendationResult> RecommendAsync(RecommendationKind kind, long userId, int k, ItemFilter filter, CancellationToken cancellationToken)
    {
        var recommender = Recommender;
        var (events, history, eventsDown) = await HistoryAsync(recommender.Set, userId, cancellationToken);
        var liveDown = false;
        if (kind == RecommendationKind.Live)
        {
            if (recommender.Set.Live is { } live)
            {
                var depth = filter.KeepsAll ? k : LiveDepth(live, k);
                // Nothing to rank (no candidate at all): the offline list, as the replay's live strategy does.
                var ranked = Live(live, userId, events, k, depth, filter);
                var served = ranked ?? recommender.Offline(userId, history, k, filter);
                stats.Served(kind, served.Source);
                return new RecommendationResult(served, recommender.Set, eventsDown, false, history)
                {
                    Events = events,
                    LiveDepth = ranked is null ? 0 : depth,
                };
            }
            else
            {
                liveDown = true;
                stats.Degraded("live_model");
                warnings.Unavailable("live_model", "kind=live served the blend", "the artifact set has no live ranker (live_model.bin and als_model.bin)");
            }
        }

        var featuresDown = false;
        ServedList list;
        ServedList? offlinePart = null;
        ServedList? onlinePart = null;
        SimilarItemsIndex? onlineIndex = null;
        switch (kind)
        {
            case RecommendationKind.Popular:
                list = recommender.Popular(history, k, filter);
                break;
            case RecommendationKind.Offline:
                list = recommender.Offline(userId, history, k, filter);
                break;
            default:
                var online = new ServedList([], RecommendationSource.None);
                if (history.Recent.Length > 0)
                {
                    try
                    {
                        var index = await similar.ForItemsAsync(history.Recent, cancellationToken);
                        onlineIndex = index;
                        online = ServingRecommender.Online(index, _options.Merge, history, k, filter);
                    }
                    catch (FeaturesUnavailableException e)
                    {
                        featuresDown = true;
                        stats.Degraded("features");
                        warnings.Unavailable("features", "served without similar tracks", e.Message);
                    }
                }

                onlinePart = online;
                if (kind == RecommendationKind.Online)
                {
                    list = online;
                }
                else
                {
                    offlinePart = recommender.Offline(userId, history, k, filter);
                    list = ServingRecommender.Blend(offlinePart, online, k);
                }

                break;
        }

        stats.Served(kind, list.Source);
        return new RecommendationResult(list, recommender.Set, eventsDown, featuresDown, history, onlineIndex, offlinePart, onlinePart)
        {
            LiveUnavailable = liveDown,
            Events = events,
        };
    }

    /// <summary>
    /// How many of the live ranking's candidates a filtered (or explained) request reads: every candidate the live
    /// ranker can have (each source's count), so tracks a filter rejects are refilled from the same ranking.
    /// </summary>
    public static int LiveDepth(ILiveRecommender live, int k)
    {
        ArgumentNullException.ThrowIfNull(live);
        return Math.Max(k, live.MaxCandidates);
    }

    /// <summary>
    /// The live list: the first k of the ranking's first <paramref name="depth"/> candidates that pass
    /// <paramref name="filter"/>; null when the live ranker had nothing to rank.
    /// </summary>
    private static ServedList? Live(ILiveRecommender live, long userId, long[] events, int k, int depth, ItemFilter filter)
    {
        var ranked = new int[depth];
        var count = live.Recommend(userId, events, ranked);
        if (count == 0)
        {
            return null;
        }

        if (filter.KeepsAll)
        {
            return new ServedList(count == ranked.Length ? ranked : ranked[..count], RecommendationSource.Live);
        }

        var positions = new int[k];
        var kept = filter.Select(ranked.AsSpan(0, count), [], positions);
        var items = new int[kept];
        for (var i = 0; i < kept; i++)
        {
            items[i] = ranked[positions[i]];
        }

        return new ServedList(items, RecommendationSource.Live);
    }

    // The events of the set being served: on a string set they are kept by stable key (EventKeys), read back into its ids.
    private async Task<(long[] Events, OnlineHistory History, bool Unavailable)> HistoryAsync(
        ServingSet set, long userId, CancellationToken cancellationToken)
    {
        try
        {
            var keys = EventKeys.Of(set);
            var items = keys.Items(await events.GetAsync(keys.User(userId), events.Capacity, cancellationToken));
            return (items, OnlineHistory.From(items, _options.OnlineHistory), false);
        }
        catch (EventStoreUnavailableException e)
        {
            stats.Degraded("events");
            warnings.Unavailable("events", "served without the listener's recent events", e.Message);
            return ([], OnlineHistory.None, true);
        }
    }
}
