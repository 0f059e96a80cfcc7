using StackExchange.Redis;

namespace Encore.Server.Events;

/// <summary>
/// Keeps each user's newest events in a Redis list (newest at the head), so replicas share them and they survive
/// restarts. A write is LPUSH + LTRIM (+ PEXPIRE) in one Lua script, which Redis runs alone, so concurrent writers
/// for one user can never leave more than <see cref="Capacity"/> events or lose a newer one to a trim.
/// </summary>
/// <remarks>
/// The multiplexer fails fast while Redis is down (no backlog, short timeouts), and every failure of a command —
/// refused, dropped, or timed out because Redis hangs — surfaces as <see cref="EventStoreUnavailableException"/>
/// naming the endpoint (see <see cref="CallAsync"/>); it reconnects in the background, so the store works again by
/// itself once Redis is back. A value under the prefix that is not an event is skipped and counted, never an error.
/// </remarks>
public sealed class RedisEventStore : IEventStore, IDisposable, IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly string _keyPrefix;
    private readonly TimeSpan? _ttl;
    private readonly string _endpoint;
    private readonly EventStoreCounters _counters;

    private RedisEventStore(
        ConnectionMultiplexer connection, string endpoint, RedisEventStoreOptions options, int capacity, EventStoreCounters counters)
    {
        _connection = connection;
        _endpoint = endpoint;
        _counters = counters;
        _keyPrefix = options.KeyPrefix;
        _ttl = options.Ttl;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>
    /// Opens the shared connection. Waits at most <see cref="RedisEventStoreOptions.ConnectTimeout"/>; when Redis is
    /// not there yet the store is still returned, reports unavailable on each call and connects when Redis comes up.
    /// </summary>
    /// <param name="options">Connection string, key prefix, TTL and timeouts.</param>
    /// <param name="capacity">How many events are kept per user.</param>
    /// <param name="counters">Where skipped values are counted; a private instance when null.</param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    public static RedisEventStore Connect(RedisEventStoreOptions options, int capacity, EventStoreCounters? counters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var configuration = Configure(options);
        var endpoint = string.Join(",", configuration.EndPoints.Select(EndPointCollection.ToString));
        return new RedisEventStore(ConnectionMultiplexer.Connect(configuration), endpoint, options, capacity, counters ?? new EventStoreCounters());
    }

    /// <summary>The connection settings the store runs with: the user's string plus fail-fast behaviour.</summary>
    internal static ConfigurationOptions Configure(RedisEventStoreOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.ConnectionString);
        var connectMs = (int)options.ConnectTimeout.TotalMilliseconds;
        var operationMs = (int)options.OperationTimeout.TotalMilliseconds;
        // A request must not hang on a dead Redis: start without it, queue nothing while it is away (callers get an
        // immediate error and fall back), and keep retrying the connection at a steady pace instead of backing off
        // to minutes, so recovery is noticed within about a second.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = connectMs;
        configuration.SyncTimeout = operationMs;
        configuration.AsyncTimeout = operationMs;
        configuration.ConnectRetry = 1;
        configuration.ReconnectRetryPolicy = new LinearRetry(connectMs);
        // Timeouts are enforced by the heartbeat (1 s by default), so a command to a hung Redis failed only after
        // up to OperationTimeout + 1 s; a quarter of the timeout bounds it to 1.25 × OperationTimeout.
        configuration.HeartbeatInterval = TimeSpan.FromMilliseconds(Math.Clamp(operationMs / 4, 50, 1000));
        return configuration;
    }

    public async ValueTask AddAsync(long userId, UserEvent userEvent, CancellationToken cancellationToken = default)
    {
        // One script instead of MULTI, LPUSH, LTRIM, PEXPIRE, EXEC: atomic all the same (Redis runs a script alone),
        // one command for Redis to run and one reply to parse (SE.Redis sends it by its SHA once cached). No
        // cancellation: the command is bounded by the operation timeout, and a write that reached Redis must not be
        // reported as failed.
        RedisValue[] arguments = [RedisEventCodec.Encode(userEvent), Capacity - 1, _ttl is { } ttl ? (long)ttl.TotalMilliseconds : 0];
        var result = await CallAsync(
            EventStoreOperation.Write,
            (Key: Key(userId), Arguments: arguments),
            static (db, state) => db.ScriptEvaluateAsync(AddScript, [state.Key], state.Arguments));
        if ((long)result == ReplacedForeignValue)
        {
            _counters.UndecodableValueSkipped();
        }
    }

    public async ValueTask<IReadOnlyList<UserEvent>> GetAsync(long userId, int k, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 0);
        if (k == 0)
        {
            return [];
        }

        // Bounded by the operation timeout; a WaitAsync for the request's token would cost a task per read.
        var values = await CallAsync<(RedisKey Key, long Last), RedisValue[]?>(
            EventStoreOperation.Read, (Key(userId), Math.Min(k, Capacity) - 1), ReadListAsync);
        if (values is null)
        {
            _counters.UndecodableValueSkipped();
            return [];
        }

        var events = new List<UserEvent>(values.Length);
        foreach (var value in values)
        {
            if (RedisEventCodec.TryDecode(((ReadOnlyMemory<byte>)value).Span, out var userEvent))
            {
                events.Add(userEvent);
            }
            else
            {
                // Something else wrote under the prefix (RPUSH encore:events:777 abc): the listener's real events
                // still count, and the capacity trim pushes the stranger out after enough new listens.
                _counters.UndecodableValueSkipped();
            }
        }

        return events;
    }

    public void Dispose() => _connection.Dispose();

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>What <see cref="AddScript"/> returns when the key held something other than a list, which it replaced.</summary>
    private const long ReplacedForeignValue = 2;

    /// <summary>
    /// KEYS[1] the user's list; ARGV: the encoded event, the last index to keep, the TTL in ms (0 = none). A key of
    /// another type under the prefix (SET encore:events:778 abc) would fail every write of that listener with
    /// WRONGTYPE, so it is replaced by the new list: the key is the listener's by the store's contract.
    /// </summary>
    private const string AddScript = """
        local replaced = 1
        local kind = redis.call('TYPE', KEYS[1]).ok
        if kind ~= 'list' and kind ~= 'none' then
            redis.call('DEL', KEYS[1])
            replaced = 2
        end
        redis.call('LPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]))
        local ttl = tonumber(ARGV[3])
        if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
        return replaced
        """;

    /// <summary>The newest values of a listener's list, or null when the key holds another type (a foreign value).</summary>
    private static async Task<RedisValue[]?> ReadListAsync(IDatabase db, (RedisKey Key, long Last) state)
    {
        try
        {
            return await db.ListRangeAsync(state.Key, 0, state.Last);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            // Redis is fine; the value is not ours. Not a store failure, so not the guard's to map.
            return null;
        }
    }

    private RedisKey Key(long userId) => _keyPrefix + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs one command with the store's only guard: whatever the client throws — RedisConnectionException,
    /// RedisTimeoutException (a TimeoutException, when Redis hangs), a server error, a disposed connection — means
    /// Redis cannot serve this call, and becomes <see cref="EventStoreUnavailableException"/> (see
    /// <see cref="EventStoreFailure"/>). The state is passed through so that the commands are static lambdas.
    /// </summary>
    private async Task<T> CallAsync<TState, T>(EventStoreOperation operation, TState state, Func<IDatabase, TState, Task<T>> command)
    {
        try
        {
            return await command(_connection.GetDatabase(), state);
        }
        catch (Exception e) when (EventStoreFailure.IsStoreFailure(e, CancellationToken.None))
        {
            throw EventStoreFailure.Unavailable($"Redis at {_endpoint}", operation, e);
        }
    }
}
