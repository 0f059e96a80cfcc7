using System.Collections.Concurrent;
using Encore.Core.Serving;
using Encore.Server.Events;
using Prometheus;

namespace Encore.Server.Operations;

/// <summary>What a recommendation request asked for.</summary>
public enum RecommendationKind
{
    Offline,
    Online,
    Blended,
    Popular,

    /// <summary>The request-time ranker's list (degrading to <see cref="Blended"/> without its models).</summary>
    Live,
}

/// <summary>
/// The seed's request counters done right (docs/seed.md §6.2 logged them only at shutdown): requests by kind, lists
/// that fell back to top-popular, and requests served degraded because a store or peer was down; plus what the event
/// store counted (<see cref="EventStoreCounters"/>: evicted listeners, skipped foreign values). Kept in memory for
/// <c>/stats</c> and exported to Prometheus for <c>/metrics</c>.
/// </summary>
public sealed class ServiceStats(EventStoreCounters events)
{
    private static readonly Counter s_requests = Metrics.CreateCounter(
        "encore_recommendation_requests_total", "Recommendation requests by kind.", "kind");

    private static readonly Counter s_sources = Metrics.CreateCounter(
        "encore_recommendation_sources_total", "Served lists by the source of their items (personal, popular, online, live, none).", "kind", "source");

    private static readonly Counter s_degraded = Metrics.CreateCounter(
        "encore_degraded_requests_total", "Requests answered without a dependency that was down or a model the set lacks (live_model: kind=live served the blend).", "dependency");

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one served list.</summary>
    public void Served(RecommendationKind kind, RecommendationSource source)
    {
        var name = Name(kind);
        s_requests.WithLabels(name).Inc();
        Increment($"requests_{name}");
        foreach (var part in Parts(source))
        {
            s_sources.WithLabels(name, part).Inc();
        }

        if (source.HasFlag(RecommendationSource.Popular) && kind != RecommendationKind.Popular)
        {
            Increment("fallbacks_to_popular");
        }
    }

    /// <summary>Counts a request answered without <paramref name="dependency"/> (events store, features service, the live ranker's models).</summary>
    public void Degraded(string dependency)
    {
        s_degraded.WithLabels(dependency).Inc();
        Increment($"degraded_{dependency}");
    }

    /// <summary>Counts a request of another endpoint family (similar, put, get).</summary>
    public void Count(string name) => Increment($"requests_{name}");

    /// <summary>All counters, by name.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        new SortedDictionary<string, long>(_counts, StringComparer.Ordinal)
        {
            ["events_evicted_listeners"] = events.EvictedListeners,
            ["events_undecodable_values"] = events.UndecodableValues,
        };

    private void Increment(string name) => _counts.AddOrUpdate(name, 1, static (_, n) => n + 1);

    private static string Name(RecommendationKind kind) => kind switch
    {
        RecommendationKind.Offline => "offline",
        RecommendationKind.Online => "online",
        RecommendationKind.Blended => "blended",
        RecommendationKind.Live => "live",
        _ => "popular",
    };

    /// <summary>The source's parts as label values: "personal", "popular", "online", "live", or "none".</summary>
    public static IEnumerable<string> Parts(RecommendationSource source)
    {
        if (source == RecommendationSource.None)
        {
            yield return "none";
            yield break;
        }

        if (source.HasFlag(RecommendationSource.Personal))
        {
            yield return "personal";
        }

        if (source.HasFlag(RecommendationSource.Popular))
        {
            yield return "popular";
        }

        if (source.HasFlag(RecommendationSource.Online))
        {
            yield return "online";
        }

        if (source.HasFlag(RecommendationSource.Live))
        {
            yield return "live";
        }
    }
}
