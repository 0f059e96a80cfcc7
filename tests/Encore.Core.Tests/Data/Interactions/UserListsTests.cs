using Encore.Core.Data.Interactions;

namespace Encore.Core.Tests.Data.Interactions;

public sealed class UserListsTests
{
    [Fact]
    public void FromPairsSortsUsersAndItemsAndKeepsRepeatedPairsOnce()
    {
        var sets = UserLists.FromPairs([7, 3, 7, 3, 7, -2], [5, 9, 1, 9, 5, 4]);

        Assert.Equal([-2, 3, 7], sets.Users.ToArray());
        Assert.Equal([4], sets.ItemsOf(-2).ToArray());
        Assert.Equal([9], sets.ItemsOf(3).ToArray());
        Assert.Equal([1, 5], sets.ItemsOf(7).ToArray());
        Assert.Equal(4, sets.PairCount);
    }

    [Fact]
    public void FromPairsOnSortedRowsGivesTheSameSetsAsOnShuffledRows()
    {
        var sorted = UserLists.FromPairs([1, 1, 1, 2, 4], [-5, 3, 3, 0, 8]);
        var shuffled = UserLists.FromPairs([4, 1, 2, 1, 1], [8, 3, 0, -5, 3]);

        Assert.Equal(sorted.Users.ToArray(), shuffled.Users.ToArray());
        for (var u = 0; u < sorted.UserCount; u++)
        {
            Assert.Equal(sorted.Items(u).ToArray(), shuffled.Items(u).ToArray());
        }
    }

    [Fact]
    public void UnknownUserHoldsNoItems()
    {
        var sets = UserLists.FromPairs([1], [2]);

        Assert.Equal(-1, sets.IndexOf(5));
        Assert.True(sets.ItemsOf(5).IsEmpty);
        Assert.False(sets.Contains(5, 2));
        Assert.True(sets.Contains(1, 2));
    }

    [Fact]
    public void FromCsrRejectsItemsThatAreNotStrictlyAscending()
    {
        var error = Assert.Throws<ArgumentException>(() => UserLists.FromCsr([1, 2], [0, 2, 3], [4, 4, 1], ListKind.Set));

        Assert.Contains("user 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsrRejectsUsersThatAreNotStrictlyAscending()
    {
        var error = Assert.Throws<ArgumentException>(() => UserLists.FromCsr([2, 1], [0, 1, 2], [4, 4], ListKind.Set));

        Assert.Contains("user 1 follows 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPairsRejectsSpansOfDifferentLength()
    {
        Assert.Throws<ArgumentException>(() => UserLists.FromPairs([1, 2], [3]));
    }

    [Fact]
    public void FromCsrRejectsOffsetsOfTheWrongLengthNamingTheArrayAndBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => UserLists.FromCsr([1, 2], [0, 2], [4, 5], ListKind.Ranked));

        Assert.Equal("offsets", error.ParamName);
        Assert.Contains("users + 1 = 3 entries, not 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsrRejectsOffsetsThatDoNotEndAtTheItemCount()
    {
        var error = Assert.Throws<ArgumentException>(() => UserLists.FromCsr([1], [0, 1], [4, 5], ListKind.Ranked));

        Assert.Equal("offsets", error.ParamName);
        Assert.Contains("from 0 to the item count 2, not from 0 to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsrRejectsDecreasingOffsetsNamingTheUser()
    {
        var error = Assert.Throws<ArgumentException>(() => UserLists.FromCsr([1, 2, 3], [0, 2, 1, 3], [4, 5, 6], ListKind.Ranked));

        Assert.Equal("offsets", error.ParamName);
        Assert.Contains("user 2 ends at 1 before it starts at 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsrRejectsScoresThatDoNotMatchTheItems()
    {
        var error = Assert.Throws<ArgumentException>(() => UserLists.FromCsr([1], [0, 2], [4, 5], ListKind.Ranked, [0.5]));

        Assert.Equal("scores", error.ParamName);
        Assert.Contains("one entry per item (2), not 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsrRejectsANaNScoreNamingItsUser()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            UserLists.FromCsr([1, 2, 3], [0, 1, 1, 3], [4, 5, 6], ListKind.Ranked, [0.5, 0.4, double.NaN]));

        Assert.Equal("scores", error.ParamName);
        Assert.Contains("user 3's item at position 2 is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARankedListThatRepeatsAnItemIsRejectedNamingUserAndItem()
    {
        var error = Assert.Throws<EncoreException>(() => UserLists.FromCsr([1, 2], [0, 1, 4], [7, 3, 5, 3], ListKind.Ranked));

        Assert.Contains("User 2's list holds item 3 more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASetMustNotBeEmpty()
    {
        var error = Assert.Throws<ArgumentException>(() => UserLists.FromCsr([1, 2], [0, 0, 1], [4], ListKind.Set));

        Assert.Contains("User 1 has an empty item set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALogMayRepeatItemsAndHoldEmptyLists()
    {
        var log = UserLists.FromCsr([0, 1, 2], [0, 3, 3, 4], [9, 9, 8, 7], ListKind.Log);

        Assert.Equal([9, 9, 8], log.Items(0).ToArray());
        Assert.True(log.Items(1).IsEmpty);
        Assert.True(log.Contains(0, 8));
        Assert.False(log.Contains(2, 8));
    }

    [Fact]
    public void ScoresAreAlignedWithTheItems()
    {
        var lists = UserLists.FromCsr([3, 8], [0, 2, 3], [10, 11, 12], ListKind.Ranked, [0.9, 0.7, 0.2]);

        Assert.True(lists.HasScores);
        Assert.Equal([0.9, 0.7], lists.Scores(lists.IndexOf(3)).ToArray());
        Assert.Equal([0.2], lists.Scores(lists.IndexOf(8)).ToArray());
        Assert.Throws<InvalidOperationException>(() => UserLists.FromPairs([1], [2]).Scores(0));
    }

    [Fact]
    public void SparseAndNegativeUserIdsAreFoundByLookup()
    {
        var lists = UserLists.FromCsr([-7, 5, 2_000_000_000], [0, 1, 2, 3], [1, 2, 3], ListKind.Ranked);

        Assert.Equal([1], lists.ItemsOf(-7).ToArray());
        Assert.Equal([3], lists.ItemsOf(2_000_000_000).ToArray());
        Assert.Equal(-1, lists.IndexOf(6));
        Assert.Equal(-1, lists.IndexOf(long.MaxValue));
    }

    [Fact]
    public void EmptyHasNoUsersAndFindsNoOne()
    {
        Assert.Equal(0, UserLists.Empty.UserCount);
        Assert.Equal(0, UserLists.Empty.PairCount);
        Assert.True(UserLists.Empty.ItemsOf(0).IsEmpty);
        Assert.Equal([0], UserLists.Empty.Offsets.ToArray());
    }

    [Fact]
    public void FromPairsOnRowsGroupedByUserGivesTheSameSetsAsOnShuffledRows()
    {
        // A listening log's order: users ascending (negative ids too), each user's items in play order with repeats.
        var random = new Random(17);
        var users = new List<int>();
        var items = new List<int>();
        for (var user = -50; user < 5000; user += random.Next(1, 4))
        {
            var length = random.Next(0, 40);
            for (var j = 0; j < length; j++)
            {
                users.Add(user);
                items.Add(random.Next(-20, 300));
            }
        }

        var order = Enumerable.Range(0, users.Count).OrderBy(_ => random.Next()).ToArray();
        var grouped = UserLists.FromPairs(users.ToArray(), items.ToArray());
        var shuffled = UserLists.FromPairs(order.Select(i => users[i]).ToArray(), order.Select(i => items[i]).ToArray());

        Assert.Equal(shuffled.Users.ToArray(), grouped.Users.ToArray());
        Assert.Equal(shuffled.PairCount, grouped.PairCount);
        for (var u = 0; u < shuffled.UserCount; u++)
        {
            Assert.Equal(shuffled.Items(u).ToArray(), grouped.Items(u).ToArray());
        }
    }
}
