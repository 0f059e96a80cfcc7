namespace Encore.Server.Events;

/// <summary>
/// The "Events" configuration section: which backend keeps the listeners' newest events and how many.
/// </summary>
public sealed class EventStoreOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Events";

    /// <summary>Backend name for <see cref="InMemoryEventStore"/>.</summary>
    public const string MemoryStore = "memory";

    /// <summary>Backend name for <see cref="RedisEventStore"/>.</summary>
    public const string RedisStore = "redis";

    /// <summary>Backend name for <see cref="HttpEventStore"/> (the events role runs as a separate process).</summary>
    public const string HttpStore = "http";

    /// <summary><c>memory</c> (default), <c>redis</c> or <c>http</c>.</summary>
    public string Store { get; set; } = MemoryStore;

    /// <summary>How many events are kept per user (the seed's 10 — exactly 10, not its accidental 11).</summary>
    public int Capacity { get; set; } = 10;

    /// <summary>Settings used when <see cref="Store"/> is <c>memory</c>.</summary>
    public MemoryEventStoreOptions Memory { get; set; } = new();

    /// <summary>Settings used when <see cref="Store"/> is <c>redis</c>.</summary>
    public RedisEventStoreOptions Redis { get; set; } = new();

    /// <summary>Settings used when <see cref="Store"/> is <c>http</c>.</summary>
    public HttpEventStoreOptions Http { get; set; } = new();
}

/// <summary>The "Events:Memory" section.</summary>
public sealed class MemoryEventStoreOptions
{
    /// <summary>
    /// The default <see cref="MaxListeners"/>: under 1 GB at the default capacity of 10, where 3,000,000 full listeners
    /// took 888 MB of heap and 935 MB of RSS (bench/chaos/events-memory.cs; bench/RESULTS.md, "In-memory events store").
    /// </summary>
    public const int DefaultMaxListeners = 3_000_000;

    /// <summary>
    /// How many listeners the store keeps; a write for a new listener beyond it drops the least recently used one.
    /// Memory is at most about this many times (140 + 16 × Capacity) bytes.
    /// </summary>
    public int MaxListeners { get; set; } = DefaultMaxListeners;
}

/// <summary>The "Events:Redis" section.</summary>
public sealed class RedisEventStoreOptions
{
    /// <summary>A StackExchange.Redis configuration string; at least one host:port.</summary>
    public string ConnectionString { get; set; } = "127.0.0.1:6379";

    /// <summary>Each user's list lives at this prefix followed by the user id, so several deployments can share a server.</summary>
    public string KeyPrefix { get; set; } = "encore:events:";

    /// <summary>
    /// A user's events expire this long after their newest write; null keeps them forever. Without a limit every
    /// listener ever seen keeps a key, so the default lets inactive listeners age out.
    /// </summary>
    public TimeSpan? Ttl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long connecting may take before the store reports Redis unavailable.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one command may take before the store reports Redis unavailable.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The "Events:Http" section: the events service of a split deployment (the seed's events API).</summary>
public sealed class HttpEventStoreOptions
{
    /// <summary>Where the events role listens, e.g. <c>http://127.0.0.1:8020</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a call may take, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a failed read is retried; writes are never retried, since a repeated put would store the listen twice.</summary>
    public int ReadRetries { get; set; } = 2;
}
