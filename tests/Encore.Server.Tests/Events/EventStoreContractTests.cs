using Encore.Server.Events;

namespace Encore.Server.Tests.Events;

/// <summary>
/// The behaviour every <see cref="IEventStore"/> promises, run against each backend by a small subclass (see
/// <see cref="EveryEventStoreHasAContractSuite"/>). Each test makes its own store, so backends that share a server
/// isolate tests by key prefix.
/// </summary>
/// <typeparam name="TStore">The backend under test.</typeparam>
public abstract class EventStoreContractTests<TStore> : IAsyncDisposable
    where TStore : IEventStore
{
    private static readonly DateTimeOffset s_start = new(2022, 12, 16, 0, 0, 0, TimeSpan.Zero);
    private readonly List<object> _owned = [];

    /// <summary>A new, empty store keeping <paramref name="capacity"/> events per user.</summary>
    /// <param name="capacity">Events kept per user.</param>
    protected abstract TStore CreateStore(int capacity);

    /// <summary>False for backends whose wire format has no timestamps (the seed's events API).</summary>
    protected virtual bool KeepsTimestamps => true;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Disposes <paramref name="resource"/> with the test class.</summary>
    /// <typeparam name="T">Its type.</typeparam>
    /// <param name="resource">Something the subclass made for a store.</param>
    /// <returns><paramref name="resource"/>.</returns>
    protected T Own<T>(T resource)
        where T : notnull
    {
        _owned.Add(resource);
        return resource;
    }

    [Fact]
    public async Task KeepsExactlyCapacityEventsNewestFirst()
    {
        // The seed kept [new] + old[:10], i.e. 11 (docs/seed.md §9.3); the contract is exactly Capacity.
        var store = CreateStore(capacity: 10);
        await AddItemsAsync(store, 1, 1..16);

        await AssertItemsAsync(store, 1, 100, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6);
    }

    [Fact]
    public async Task ReturnsTheNewestKWhenKIsBelowWhatIsKept()
    {
        var store = CreateStore(capacity: 10);
        await AddItemsAsync(store, 1, 1..8);

        await AssertItemsAsync(store, 1, 3, 7, 6, 5);
        await AssertItemsAsync(store, 1, 1, 7);
    }

    [Fact]
    public async Task ReturnsEverythingKeptWhenKExceedsIt()
    {
        var store = CreateStore(capacity: 10);
        await AddItemsAsync(store, 1, 1..5);

        await AssertItemsAsync(store, 1, 10, 4, 3, 2, 1);
        await AssertItemsAsync(store, 1, int.MaxValue, 4, 3, 2, 1);
    }

    [Fact]
    public async Task UnknownUserHasNoEvents()
    {
        var store = CreateStore(capacity: 10);
        await AddItemsAsync(store, 1, 1..3);

        Assert.Empty(await store.GetAsync(2, 10, Ct));
    }

    [Fact]
    public async Task ZeroKReturnsNothingAndNegativeKIsRejected()
    {
        var store = CreateStore(capacity: 10);
        await AddItemsAsync(store, 1, 1..3);

        Assert.Empty(await store.GetAsync(1, 0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.GetAsync(1, -1, Ct));
    }

    [Fact]
    public async Task UsersDoNotSeeEachOthersEvents()
    {
        var store = CreateStore(capacity: 3);
        await AddItemsAsync(store, 1, 1..5);
        await AddItemsAsync(store, 2, 100..102);

        await AssertItemsAsync(store, 1, 10, 4, 3, 2);
        await AssertItemsAsync(store, 2, 10, 101, 100);
    }

    [Fact]
    public async Task RepeatedListensAreKeptAsSeparateEvents()
    {
        var store = CreateStore(capacity: 5);
        foreach (var item in (long[])[7, 8, 7, 7])
        {
            await store.AddAsync(1, new UserEvent(item, s_start), Ct);
        }

        await AssertItemsAsync(store, 1, 10, 7, 7, 8, 7);
    }

    [Fact]
    public async Task ExtremeIdsAndTimestampsRoundTrip()
    {
        var store = CreateStore(capacity: 10);
        UserEvent[] written =
        [
            new(0, DateTimeOffset.UnixEpoch),
            new(long.MaxValue, new DateTimeOffset(2022, 12, 31, 23, 59, 59, 999, TimeSpan.Zero)),
            new(597196, new DateTimeOffset(2024, 8, 3, 12, 0, 0, TimeSpan.FromHours(3))),
        ];
        foreach (var userEvent in written)
        {
            await store.AddAsync(long.MaxValue, userEvent, Ct);
        }

        var read = await store.GetAsync(long.MaxValue, 10, Ct);
        Assert.Equal(written.Reverse().Select(e => e.ItemId), read.Select(e => e.ItemId));
        // The same instants, whatever offset a backend returns them in.
        var expectedTimes = KeepsTimestamps ? written.Reverse().Select(e => e.Timestamp) : written.Select(_ => default(DateTimeOffset));
        Assert.Equal(expectedTimes, read.Select(e => e.Timestamp));
    }

    [Fact]
    public async Task ConcurrentWritersForOneUserKeepExactlyTheNewestCapacity()
    {
        const int Capacity = 10, Writers = 8, PerWriter = 40;
        var store = CreateStore(Capacity);
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            start.Wait(Ct);
            for (var seq = 0; seq < PerWriter; seq++)
            {
                await store.AddAsync(1, new UserEvent(writer * 1000L + seq, s_start.AddSeconds(seq)), Ct);
            }
        }, Ct)).ToArray();
        start.Set();
        await Task.WhenAll(writers);

        var kept = await ItemsAsync(store, 1, k: 100);
        Assert.Equal(Capacity, kept.Length);
        // Each writer wrote in order, so whatever survived of a writer must be its newest events, newest first:
        // a trim that raced a push would leave a gap or an older event behind a newer one that was dropped.
        foreach (var group in kept.GroupBy(item => item / 1000))
        {
            var seqs = group.Select(item => item % 1000).ToArray();
            var expected = Enumerable.Range(PerWriter - seqs.Length, seqs.Length).Reverse().Select(s => (long)s);
            Assert.Equal(expected, seqs);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            switch (_owned[i])
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        GC.SuppressFinalize(this);
    }

    private static async Task AddItemsAsync(IEventStore store, long userId, Range items)
    {
        for (var item = items.Start.Value; item < items.End.Value; item++)
        {
            await store.AddAsync(userId, new UserEvent(item, s_start.AddMinutes(item)), Ct);
        }
    }

    private static async Task AssertItemsAsync(IEventStore store, long userId, int k, params long[] expected) =>
        Assert.Equal(expected, await ItemsAsync(store, userId, k));

    private static async Task<long[]> ItemsAsync(IEventStore store, long userId, int k) =>
        [.. (await store.GetAsync(userId, k, Ct)).Select(e => e.ItemId)];
}
