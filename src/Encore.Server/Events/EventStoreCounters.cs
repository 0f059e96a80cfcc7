using Prometheus;

namespace Encore.Server.Events;

/// <summary>
/// What the event stores do on their own that an operator must see: listeners the in-memory store evicted to stay
/// within its bound, and values under the Redis key prefix that were not events and were skipped. One instance per
/// service (registered by <see cref="EventStoreRegistration"/>), shown by <c>/stats</c>; the Prometheus counters are
/// process-wide, as all of <c>/metrics</c> is.
/// </summary>
public sealed class EventStoreCounters
{
    private static readonly Counter s_evicted = Metrics.CreateCounter(
        "encore_events_evicted_listeners_total", "Listeners the in-memory events store dropped (least recently used) to stay within Events:Memory:MaxListeners.");

    private static readonly Counter s_undecodable = Metrics.CreateCounter(
        "encore_events_undecodable_values_total", "Values under the Redis key prefix that were not events (written by something else) and were skipped.");

    private long _evictedListeners;
    private long _undecodableValues;

    /// <summary>Listeners evicted so far.</summary>
    public long EvictedListeners => Interlocked.Read(ref _evictedListeners);

    /// <summary>Undecodable values skipped so far.</summary>
    public long UndecodableValues => Interlocked.Read(ref _undecodableValues);

    /// <summary>Counts one evicted listener.</summary>
    public void ListenerEvicted()
    {
        Interlocked.Increment(ref _evictedListeners);
        s_evicted.Inc();
    }

    /// <summary>Counts one skipped value.</summary>
    public void UndecodableValueSkipped()
    {
        Interlocked.Increment(ref _undecodableValues);
        s_undecodable.Inc();
    }
}
