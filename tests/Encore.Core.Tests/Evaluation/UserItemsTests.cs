using Encore.Core.Evaluation;

namespace Encore.Core.Tests.Evaluation;

public sealed class UserItemsTests
{
    [Fact]
    public void FromPairsSortsUsersAndItemsAndKeepsRepeatedPairsOnce()
    {
        var sets = UserItems.FromPairs([7, 3, 7, 3, 7, -2], [5, 9, 1, 9, 5, 4]);

        Assert.Equal([-2, 3, 7], sets.Users.ToArray());
        Assert.Equal([4], sets.ItemsOf(-2).ToArray());
        Assert.Equal([9], sets.ItemsOf(3).ToArray());
        Assert.Equal([1, 5], sets.ItemsOf(7).ToArray());
        Assert.Equal(4, sets.PairCount);
    }

    [Fact]
    public void FromPairsOnSortedRowsGivesTheSameSetsAsOnShuffledRows()
    {
        var sorted = UserItems.FromPairs([1, 1, 1, 2, 4], [-5, 3, 3, 0, 8]);
        var shuffled = UserItems.FromPairs([4, 1, 2, 1, 1], [8, 3, 0, -5, 3]);

        Assert.Equal(sorted.Users.ToArray(), shuffled.Users.ToArray());
        for (var u = 0; u < sorted.UserCount; u++)
        {
            Assert.Equal(sorted.Items(u).ToArray(), shuffled.Items(u).ToArray());
        }
    }

    [Fact]
    public void UnknownUserHoldsNoItems()
    {
        var sets = UserItems.FromPairs([1], [2]);

        Assert.Equal(-1, sets.IndexOf(5));
        Assert.True(sets.ItemsOf(5).IsEmpty);
        Assert.False(sets.Contains(5, 2));
        Assert.True(sets.Contains(1, 2));
    }

    [Fact]
    public void FromCsrRejectsItemsThatAreNotStrictlyAscending()
    {
        var error = Assert.Throws<ArgumentException>(() => UserItems.FromCsr([1, 2], [0, 2, 3], [4, 4, 1]));

        Assert.Contains("user 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsrRejectsUsersThatAreNotStrictlyAscending()
    {
        var error = Assert.Throws<ArgumentException>(() => UserItems.FromCsr([2, 1], [0, 1, 2], [4, 4]));

        Assert.Contains("user 1 follows 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPairsRejectsSpansOfDifferentLength()
    {
        Assert.Throws<ArgumentException>(() => UserItems.FromPairs([1, 2], [3]));
    }
}
