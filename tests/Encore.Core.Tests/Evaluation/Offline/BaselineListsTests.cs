using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Offline;

namespace Encore.Core.Tests.Evaluation.Offline;

public sealed class BaselineListsTests
{
    private static readonly int[] s_catalog = [10, 20, 30, 40, 50, 60, 70, 80];

    [Fact]
    public void RandomDrawsKDistinctCatalogItemsPerUser()
    {
        var lists = BaselineLists.Random([1, 2, 3], s_catalog, 5, seed: 42);

        Assert.Equal([1, 2, 3], lists.Users);
        for (var u = 0; u < lists.UserCount; u++)
        {
            var items = lists.Items(u).ToArray();
            Assert.Equal(5, items.Distinct().Count());
            Assert.All(items, item => Assert.Contains(item, s_catalog));
        }
    }

    [Fact]
    public void RandomDependsOnTheSeedAndUserNotOnTheOtherUsers()
    {
        var alone = BaselineLists.Random([2], s_catalog, 4, seed: 42);
        var together = BaselineLists.Random([1, 2, 3], s_catalog, 4, seed: 42);
        var otherSeed = BaselineLists.Random([2], s_catalog, 4, seed: 43);

        Assert.Equal(alone.ItemsOf(2).ToArray(), together.ItemsOf(2).ToArray());
        Assert.NotEqual(alone.ItemsOf(2).ToArray(), otherSeed.ItemsOf(2).ToArray());
    }

    [Fact]
    public void RandomGivesTheWholeCatalogWhenKIsLarger()
    {
        var lists = BaselineLists.Random([1], [5, 6], 10, seed: 1);

        Assert.Equal([5, 6], lists.ItemsOf(1).ToArray().Order());
    }

    [Fact]
    public void TopPopularLeavesOutHeardItemsOnlyWhenAsked()
    {
        var heard = UserLists.FromPairs([1, 1], [20, 40]);

        var filtered = BaselineLists.TopPopular([1, 2], [20, 30, 40, 50], 2, heard);
        var same = BaselineLists.TopPopular([1, 2], [20, 30, 40, 50], 2, heard: null);

        Assert.Equal([30, 50], filtered.ItemsOf(1));
        Assert.Equal([20, 30], filtered.ItemsOf(2));
        Assert.Equal([20, 30], same.ItemsOf(1));
    }
}
