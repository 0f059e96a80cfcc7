using StackExchange.Redis;

namespace Encore.Server.Events;

/// <summary>
/// Keeps each user's newest events in a Redis list (newest at the head), so replicas share them and they survive
/// restarts. A write is LPUSH + LTRIM (+ PEXPIRE) in one Lua script, which Redis runs alone, so concurrent writers
/// for one user can never leave more than <see cref="Capacity"/> events or lose a newer one to a trim.
/// </summary>
/// <remarks>
/// The multiplexer fails fast while Redis is down (no backlog, short timeouts), and every Redis failure surfaces as
/// <see cref="EventStoreUnavailableException"/> naming the endpoint; it reconnects in the background, so the store
/// works again by itself once Redis is back.
/// </remarks>
public sealed class RedisEventStore : IEventStore, IDisposable, IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly string _keyPrefix;
    private readonly TimeSpan? _ttl;
    private readonly string _endpoint;

    private RedisEventStore(ConnectionMultiplexer connection, string endpoint, RedisEventStoreOptions options, int capacity)
    {
        _connection = connection;
        _endpoint = endpoint;
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
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    public static RedisEventStore Connect(RedisEventStoreOptions options, int capacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var configuration = Configure(options);
        var endpoint = string.Join(",", configuration.EndPoints.Select(EndPointCollection.ToString));
        return new RedisEventStore(ConnectionMultiplexer.Connect(configuration), endpoint, options, capacity);
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
        return configuration;
    }

    public async ValueTask AddAsync(long userId, UserEvent userEvent, CancellationToken cancellationToken = default)
    {
        try
        {
            // One script instead of MULTI, LPUSH, LTRIM, PEXPIRE, EXEC: atomic all the same (Redis runs a script
            // alone), one command for Redis to run and one reply to parse (SE.Redis sends it by its SHA once cached).
            // No cancellation: the command is bounded by the operation timeout, and a write that reached Redis must
            // not be reported as failed.
            await _connection.GetDatabase().ScriptEvaluateAsync(
                AddScript,
                [Key(userId)],
                [RedisEventCodec.Encode(userEvent), Capacity - 1, _ttl is { } ttl ? (long)ttl.TotalMilliseconds : 0]);
        }
        catch (RedisException e)
        {
            throw Unavailable("write", e);
        }
    }

    public async ValueTask<IReadOnlyList<UserEvent>> GetAsync(long userId, int k, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 0);
        if (k == 0)
        {
            return [];
        }

        RedisValue[] values;
        try
        {
            // Bounded by the operation timeout; a WaitAsync for the request's token would cost a task per read.
            values = await _connection.GetDatabase().ListRangeAsync(Key(userId), 0, Math.Min(k, Capacity) - 1);
        }
        catch (RedisException e)
        {
            throw Unavailable("read", e);
        }

        var events = new UserEvent[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            events[i] = RedisEventCodec.Decode(((ReadOnlyMemory<byte>)values[i]).Span);
        }

        return events;
    }

    public void Dispose() => _connection.Dispose();

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>KEYS[1] the user's list; ARGV: the encoded event, the last index to keep, the TTL in ms (0 = none).</summary>
    private const string AddScript = """
        redis.call('LPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]))
        local ttl = tonumber(ARGV[3])
        if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
        return 1
        """;

    private RedisKey Key(long userId) => _keyPrefix + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private EventStoreUnavailableException Unavailable(string operation, RedisException e) =>
        new($"Redis at {_endpoint} is unavailable, the events {operation} failed: {e.Message}", e);
}
