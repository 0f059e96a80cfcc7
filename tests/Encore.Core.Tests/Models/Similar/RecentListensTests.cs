using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Similar;

namespace Encore.Core.Tests.Models.Similar;

public sealed class RecentListensTests
{
    [Fact]
    public void TakesTheLastDistinctItemsMostRecentFirst()
    {
        // User 2 listened 10, 11, 12, 11 over four days: the last two distinct items are 11 then 12.
        var events = new EventLog([2, 2, 2, 2, 1], [10, 11, 12, 11, 20], [1, 2, 3, 4, 1]);

        var recent = RecentListens.FromEvents(events, 2);

        Assert.Equal([1, 2], recent.Users);
        Assert.Equal([11, 12], recent.ItemsOf(2));
        Assert.Equal([20], recent.ItemsOf(1));
        Assert.True(recent.ItemsOf(3).IsEmpty);
    }

    [Fact]
    public void OrdersByDayWhenTheFileIsNotSorted()
    {
        var events = new EventLog([3, 1, 3, 3], [30, 5, 31, 32], [9, 1, 2, 5]);

        var recent = RecentListens.FromEvents(events, 3);

        Assert.Equal([30, 32, 31], recent.ItemsOf(3));
        Assert.Equal([5], recent.ItemsOf(1));
    }

    [Fact]
    public void TheListsAreRankedMostRecentFirstAndDistinct()
    {
        var events = new EventLog([4, 4, 4, 4], [1, 2, 1, 1], [1, 2, 3, 4]);

        var recent = RecentListens.FromEvents(events, 5);

        Assert.Equal(ListKind.Ranked, recent.Kind);
        Assert.Equal([1, 2], recent.ItemsOf(4));
    }
}
