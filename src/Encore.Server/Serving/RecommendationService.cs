using Encore.Core.Models.Similar;
using Encore.Core.Serving;
using Encore.Server.Events;
using Encore.Server.Operations;
using Encore.Server.SimilarTracks;
using Microsoft.Extensions.Options;

namespace Encore.Server.Serving;

/// <summary>
/// A served list plus what the request had to do without, and what explanations need: the listener's history, the
/// similar tracks the online part was built from, and a blend's two parts (null where the kind has none).
/// </summary>
public sealed record RecommendationResult(
    ServedList List, ServingSet Set, bool EventsUnavailable, bool FeaturesUnavailable,
    OnlineHistory? History = null, SimilarItemsIndex? OnlineIndex = null, ServedList? OfflinePart = null, ServedList? OnlinePart = null);

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
    public async Task<RecommendationResult> RecommendAsync(RecommendationKind kind, long userId, int k, ItemFilter filter, CancellationToken cancellationToken)
    {
        var recommender = Recommender;
        var (history, eventsDown) = await HistoryAsync(recommender.Set, userId, cancellationToken);
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
        return new RecommendationResult(list, recommender.Set, eventsDown, featuresDown, history, onlineIndex, offlinePart, onlinePart);
    }

    // The events of the set being served: on a string set they are kept by stable key (EventKeys), read back into its ids.
    private async Task<(OnlineHistory History, bool Unavailable)> HistoryAsync(ServingSet set, long userId, CancellationToken cancellationToken)
    {
        try
        {
            var keys = EventKeys.Of(set);
            var items = keys.Items(await events.GetAsync(keys.User(userId), events.Capacity, cancellationToken));
            return (OnlineHistory.From(items, _options.OnlineHistory), false);
        }
        catch (EventStoreUnavailableException e)
        {
            stats.Degraded("events");
            warnings.Unavailable("events", "served without the listener's recent events", e.Message);
            return (OnlineHistory.None, true);
        }
    }
}
