using Encore.Server.Events;

namespace Encore.Server.Tests.Events;

/// <summary>The in-memory store's bound on listeners: least recently used out, counted, exact under concurrency.</summary>
public sealed class InMemoryEventStoreBoundTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANewListenerBeyondTheBoundEvictsTheLeastRecentlyUsedAndCountsIt()
    {
        var counters = new EventStoreCounters();
        var store = new InMemoryEventStore(capacity: 10, maxListeners: 3, counters);
        await AddAsync(store, 1, 10);
        await AddAsync(store, 2, 20);
        await AddAsync(store, 3, 30);
        // Writing to 1 again makes 2 the least recently used.
        await AddAsync(store, 1, 11);

        await AddAsync(store, 4, 40);

        Assert.Equal(3, store.Count);
        Assert.Empty(await store.GetAsync(2, 10, Ct));
        await AssertItemsAsync(store, 1, 11L, 10);
        await AssertItemsAsync(store, 3, 30L);
        await AssertItemsAsync(store, 4, 40L);
        Assert.Equal(1, counters.EvictedListeners);
    }

    [Fact]
    public async Task AReadCountsAsAUseSoAListenerWhoseRecommendationsAreAskedForStays()
    {
        var counters = new EventStoreCounters();
        var store = new InMemoryEventStore(capacity: 10, maxListeners: 2, counters);
        await AddAsync(store, 1, 10);
        await AddAsync(store, 2, 20);
        await store.GetAsync(1, 10, Ct);

        await AddAsync(store, 3, 30);

        await AssertItemsAsync(store, 1, 10L);
        Assert.Empty(await store.GetAsync(2, 10, Ct));
        // Reading an unknown listener creates nothing and evicts nothing.
        Assert.Empty(await store.GetAsync(99, 10, Ct));
        Assert.Equal(2, store.Count);
        Assert.Equal(1, counters.EvictedListeners);
    }

    [Fact]
    public async Task ConcurrentWritersForManyListenersStayWithinTheBoundAndCountEachEviction()
    {
        const int MaxListeners = 100, Writers = 8, PerWriter = 2_000;
        var counters = new EventStoreCounters();
        var store = new InMemoryEventStore(capacity: 3, MaxListeners, counters);
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            start.Wait(Ct);
            for (var i = 0; i < PerWriter; i++)
            {
                // Each writer its own listeners, plus one listener (0) that all of them share.
                await AddAsync(store, i % 10 == 0 ? 0 : (writer * PerWriter) + i, i);
                await store.GetAsync(0, 3, Ct);
            }
        }, Ct)).ToArray();
        start.Set();
        await Task.WhenAll(writers);

        Assert.Equal(MaxListeners, store.Count);
        var distinct = 1 + (Writers * (PerWriter - (PerWriter / 10)));
        Assert.Equal(distinct - MaxListeners, counters.EvictedListeners);
        // The shared listener was used by every writer all along, so it is never the least recently used for long.
        Assert.Equal(3, (await store.GetAsync(0, 10, Ct)).Count);
    }

    [Fact]
    public void TheBoundMustBePositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryEventStore(capacity: 10, maxListeners: 0));

    private static ValueTask AddAsync(InMemoryEventStore store, long userId, long itemId) =>
        store.AddAsync(userId, new UserEvent(itemId, DateTimeOffset.UnixEpoch), Ct);

    private static async Task AssertItemsAsync(InMemoryEventStore store, long userId, params long[] expected) =>
        Assert.Equal(expected, (await store.GetAsync(userId, 10, Ct)).Select(e => e.ItemId));
}
