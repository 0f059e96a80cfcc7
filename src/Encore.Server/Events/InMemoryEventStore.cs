using System.Collections.Concurrent;

namespace Encore.Server.Events;

/// <summary>
/// The default event store: a ring of the newest events per user in process memory. Fast and dependency-free, but
/// lost on restart and not shared between replicas (use the Redis store for that).
/// </summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly ConcurrentDictionary<long, Ring> _users = new();

    public InMemoryEventStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public ValueTask AddAsync(long userId, UserEvent userEvent, CancellationToken cancellationToken = default)
    {
        var ring = _users.GetOrAdd(userId, static (_, capacity) => new Ring(capacity), Capacity);
        lock (ring)
        {
            ring.Push(userEvent);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<UserEvent>> GetAsync(long userId, int k, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 0);
        if (k == 0 || !_users.TryGetValue(userId, out var ring))
        {
            return ValueTask.FromResult<IReadOnlyList<UserEvent>>([]);
        }

        lock (ring)
        {
            return ValueTask.FromResult<IReadOnlyList<UserEvent>>(ring.Newest(k));
        }
    }

    /// <summary>Fixed-size buffer; the caller holds its lock.</summary>
    private sealed class Ring(int capacity)
    {
        private readonly UserEvent[] _events = new UserEvent[capacity];
        private int _next;
        private int _count;

        public void Push(UserEvent userEvent)
        {
            _events[_next] = userEvent;
            _next = (_next + 1) % _events.Length;
            _count = Math.Min(_count + 1, _events.Length);
        }

        public UserEvent[] Newest(int k)
        {
            var result = new UserEvent[Math.Min(k, _count)];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = _events[(_next - 1 - i + _events.Length) % _events.Length];
            }

            return result;
        }
    }
}
