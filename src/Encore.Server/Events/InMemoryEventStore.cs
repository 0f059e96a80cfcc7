namespace Encore.Server.Events;

/// <summary>
/// The default event store: a ring of the newest events per listener in process memory, for at most
/// <c>maxListeners</c> listeners. Fast and dependency-free, but lost on restart and not shared between replicas (use
/// the Redis store for that).
/// </summary>
/// <remarks>
/// <para>
/// The bound evicts the least recently used listener (written or read), not listeners older than a TTL: a TTL bounds
/// memory only by the rate of new listeners times the TTL, so a burst of distinct ids (writes are open by default)
/// still grows without limit, while LRU caps memory whatever the traffic and drops exactly the listeners whose
/// online history matters least — the ones not heard from for longest. Redis, where the operator sets maxmemory and
/// its policy, keeps the TTL.
/// </para>
/// <para>
/// One lock guards the map, the recency list and the rings: each call holds it for a dictionary lookup, a few
/// pointer moves and a copy of at most Capacity events (well under a microsecond), far below what the HTTP request
/// around it costs, and it keeps the writes of one listener, the recency order and the count exactly consistent.
/// </para>
/// </remarks>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly Dictionary<long, Listener> _listeners = [];
    private readonly Lock _lock = new();
    private readonly EventStoreCounters _counters;

    // The recency list: _newest is the listener used last, _oldest the next to be evicted.
    private Listener? _newest;
    private Listener? _oldest;

    /// <summary>A store keeping <paramref name="capacity"/> events for each of at most <paramref name="maxListeners"/> listeners.</summary>
    /// <param name="capacity">Events kept per listener.</param>
    /// <param name="maxListeners">Listeners kept; the least recently used is evicted beyond it.</param>
    /// <param name="counters">Where evictions are counted; a private instance when null.</param>
    public InMemoryEventStore(int capacity, int maxListeners = MemoryEventStoreOptions.DefaultMaxListeners, EventStoreCounters? counters = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxListeners, 1);
        Capacity = capacity;
        MaxListeners = maxListeners;
        _counters = counters ?? new EventStoreCounters();
    }

    public int Capacity { get; }

    /// <summary>How many listeners are kept at most.</summary>
    public int MaxListeners { get; }

    /// <summary>How many listeners are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _listeners.Count;
            }
        }
    }

    public ValueTask AddAsync(long userId, UserEvent userEvent, CancellationToken cancellationToken = default)
    {
        var evicted = false;
        lock (_lock)
        {
            if (_listeners.TryGetValue(userId, out var listener))
            {
                Unlink(listener);
            }
            else
            {
                if (_listeners.Count >= MaxListeners)
                {
                    var oldest = _oldest!;
                    Unlink(oldest);
                    _listeners.Remove(oldest.UserId);
                    evicted = true;
                }

                listener = new Listener(userId, Capacity);
                _listeners.Add(userId, listener);
            }

            LinkNewest(listener);
            listener.Push(userEvent);
        }

        if (evicted)
        {
            _counters.ListenerEvicted();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<UserEvent>> GetAsync(long userId, int k, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 0);
        if (k == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<UserEvent>>([]);
        }

        lock (_lock)
        {
            if (!_listeners.TryGetValue(userId, out var listener))
            {
                return ValueTask.FromResult<IReadOnlyList<UserEvent>>([]);
            }

            // A read is a use: a listener asking for recommendations is active even if not writing.
            Unlink(listener);
            LinkNewest(listener);
            return ValueTask.FromResult<IReadOnlyList<UserEvent>>(listener.Newest(k));
        }
    }

    private void Unlink(Listener listener)
    {
        if (listener.Newer is { } newer)
        {
            newer.Older = listener.Older;
        }
        else
        {
            _newest = listener.Older;
        }

        if (listener.Older is { } older)
        {
            older.Newer = listener.Newer;
        }
        else
        {
            _oldest = listener.Newer;
        }

        listener.Newer = listener.Older = null;
    }

    private void LinkNewest(Listener listener)
    {
        listener.Older = _newest;
        if (_newest is not null)
        {
            _newest.Newer = listener;
        }

        _newest = listener;
        _oldest ??= listener;
    }

    /// <summary>
    /// One listener's ring of events and its place in the recency list; the store's lock guards both. An event is
    /// kept as two longs (item, UTC ticks): 16 bytes instead of the 24 of a <see cref="UserEvent"/>, whose
    /// <see cref="DateTimeOffset"/> pads its offset to 8 bytes. The instant is kept exactly, the offset is not (reads
    /// return UTC, as the Redis store does).
    /// </summary>
    private sealed class Listener(long userId, int capacity)
    {
        private readonly StoredEvent[] _events = new StoredEvent[capacity];
        private int _next;
        private int _count;

        public long UserId { get; } = userId;

        public Listener? Newer { get; set; }

        public Listener? Older { get; set; }

        public void Push(UserEvent userEvent)
        {
            _events[_next] = new StoredEvent(userEvent.ItemId, userEvent.Timestamp.UtcTicks);
            _next = (_next + 1) % _events.Length;
            _count = Math.Min(_count + 1, _events.Length);
        }

        public UserEvent[] Newest(int k)
        {
            var result = new UserEvent[Math.Min(k, _count)];
            for (var i = 0; i < result.Length; i++)
            {
                var stored = _events[(_next - 1 - i + _events.Length) % _events.Length];
                result[i] = new UserEvent(stored.ItemId, new DateTimeOffset(stored.UtcTicks, TimeSpan.Zero));
            }

            return result;
        }
    }

    private readonly record struct StoredEvent(long ItemId, long UtcTicks);
}
