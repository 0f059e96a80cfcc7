using Encore.Server.Events;
using StackExchange.Redis;

namespace Encore.Server.Tests.Events;

/// <summary>The contract against a real redis-server, plus what only Redis has: key prefixes, TTL, the wire format.</summary>
public sealed class RedisEventStoreContractTests(RedisFixture redis) : EventStoreContractTests<RedisEventStore>
{
    // Unique per test class instance, i.e. per test: tests sharing one server never see each other's keys.
    private readonly string _prefix = $"encore-test:{Guid.NewGuid():N}:";

    protected override RedisEventStore CreateStore(int capacity) => CreateStore(capacity, _prefix, ttl: null);

    [Fact]
    public async Task StoresWithTheSameKeyPrefixShareEventsAndOthersAreIsolated()
    {
        var replicaA = CreateStore(10, _prefix, ttl: null);
        var replicaB = CreateStore(10, _prefix, ttl: null);
        var otherDeployment = CreateStore(10, _prefix + "other:", ttl: null);
        await replicaA.AddAsync(1, new UserEvent(42, DateTimeOffset.UnixEpoch), Ct);

        Assert.Equal([42L], (await replicaB.GetAsync(1, 10, Ct)).Select(e => e.ItemId));
        Assert.Empty(await otherDeployment.GetAsync(1, 10, Ct));
    }

    [Fact]
    public async Task EachEventIsSixteenBytesInAListUnderThePrefixedUserKey()
    {
        var store = CreateStore(3, _prefix, ttl: null);
        for (var item = 1; item <= 5; item++)
        {
            await store.AddAsync(617032, new UserEvent(item, DateTimeOffset.UnixEpoch), Ct);
        }

        var db = Own(await ConnectRawAsync()).GetDatabase();
        var values = await db.ListRangeAsync(_prefix + "617032");
        Assert.Equal(3, values.Length);
        Assert.All(values, value => Assert.Equal(16, ((byte[])value!).Length));
        Assert.Null(await db.KeyTimeToLiveAsync(_prefix + "617032"));
    }

    [Fact]
    public async Task TtlIsRenewedByEachWrite()
    {
        // An hour's TTL, cut to 10 s behind the store's back: only a renewing write brings it back above 10 s, and
        // no wall-clock bound is involved (a loaded machine cannot lose an hour between two calls).
        var ttl = TimeSpan.FromHours(1);
        var store = CreateStore(10, _prefix, ttl);
        var db = Own(await ConnectRawAsync()).GetDatabase();
        await store.AddAsync(1, new UserEvent(1, DateTimeOffset.UnixEpoch), Ct);
        Assert.True(await db.KeyExpireAsync(_prefix + "1", TimeSpan.FromSeconds(10)));

        await store.AddAsync(1, new UserEvent(2, DateTimeOffset.UnixEpoch), Ct);

        var left = await db.KeyTimeToLiveAsync(_prefix + "1");
        Assert.NotNull(left);
        Assert.InRange(left.Value, TimeSpan.FromMinutes(30), ttl);
        Assert.Equal(2, (await store.GetAsync(1, 10, Ct)).Count);
    }

    [Fact]
    public async Task TheTtlExpiresTheUsersEvents()
    {
        var store = CreateStore(10, _prefix, TimeSpan.FromSeconds(1));
        await store.AddAsync(1, new UserEvent(1, DateTimeOffset.UnixEpoch), Ct);

        // Waits for the expiry itself; the deadline only stops a store that never sets a TTL.
        var expiry = System.Diagnostics.Stopwatch.StartNew();
        while ((await store.GetAsync(1, 10, Ct)).Count > 0)
        {
            Assert.True(expiry.Elapsed < TimeSpan.FromSeconds(60), "the events never expired");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task ValuesUnderThePrefixThatAreNotEventsAreSkippedAndCounted()
    {
        // Something else writes under the prefix (RPUSH encore:events:777 abc); the read used to throw FormatException.
        var counters = new EventStoreCounters();
        var store = CreateStore(10, _prefix, ttl: null, counters);
        await store.AddAsync(777, new UserEvent(1, DateTimeOffset.UnixEpoch), Ct);
        var db = Own(await ConnectRawAsync()).GetDatabase();
        await db.ListLeftPushAsync(_prefix + "777", "abc");
        await store.AddAsync(777, new UserEvent(2, DateTimeOffset.UnixEpoch), Ct);
        // Sixteen bytes, but the second half is no instant a DateTimeOffset can hold.
        await db.ListRightPushAsync(_prefix + "777", Enumerable.Repeat((byte)0x7f, 16).ToArray());

        Assert.Equal([2L, 1], (await store.GetAsync(777, 10, Ct)).Select(e => e.ItemId));
        Assert.Equal(2, counters.UndecodableValues);
    }

    [Fact]
    public async Task AKeyOfAnotherTypeUnderThePrefixReadsAsNoEventsAndTheNextWriteReplacesIt()
    {
        // SET encore:events:778 abc made every read and write of listener 778 fail with WRONGTYPE.
        var counters = new EventStoreCounters();
        var store = CreateStore(10, _prefix, ttl: null, counters);
        var db = Own(await ConnectRawAsync()).GetDatabase();
        await db.StringSetAsync(_prefix + "778", "abc");

        Assert.Empty(await store.GetAsync(778, 10, Ct));
        await store.AddAsync(778, new UserEvent(5, DateTimeOffset.UnixEpoch), Ct);

        Assert.Equal([5L], (await store.GetAsync(778, 10, Ct)).Select(e => e.ItemId));
        Assert.Equal(2, counters.UndecodableValues);
    }

    private RedisEventStore CreateStore(int capacity, string prefix, TimeSpan? ttl, EventStoreCounters? counters = null) =>
        Own(RedisEventStore.Connect(
            new RedisEventStoreOptions { ConnectionString = redis.RequireEndpoint(), KeyPrefix = prefix, Ttl = ttl },
            capacity,
            counters));

    private async Task<ConnectionMultiplexer> ConnectRawAsync() =>
        await ConnectionMultiplexer.ConnectAsync(redis.RequireEndpoint());
}
