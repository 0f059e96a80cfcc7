using Encore.Server.Events;

namespace Encore.Server.Tests;

public sealed class InMemoryEventStoreTests
{
    [Fact]
    public async Task KeepsExactlyTheNewestCapacityEventsNewestFirst()
    {
        var store = new InMemoryEventStore(capacity: 3);
        var ct = TestContext.Current.CancellationToken;
        for (var item = 1; item <= 5; item++)
        {
            await store.AddAsync(7, new UserEvent(item, DateTimeOffset.UnixEpoch.AddSeconds(item)), ct);
        }

        var events = await store.GetAsync(7, 10, ct);
        Assert.Equal([5L, 4L, 3L], events.Select(e => e.ItemId));
        Assert.Empty(await store.GetAsync(8, 10, ct));
    }
}
