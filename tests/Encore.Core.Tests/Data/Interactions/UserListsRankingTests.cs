using Encore.Core.Data.Interactions;

namespace Encore.Core.Tests.Data.Interactions;

public sealed class UserListsRankingTests
{
    [Fact]
    public void FromScoredRanksEachUserByScoreDescendingAndKeepsInputOrderOnTies()
    {
        var lists = UserLists.FromScored(
            users: [2, 1, 2, 1, 2, 2],
            items: [20, 10, 21, 11, 22, 23],
            scores: [0.1, 0.5, 0.7, 0.9, 0.7, 0.7]);

        Assert.Equal([1, 2], lists.Users.ToArray());
        Assert.Equal([11, 10], lists.ItemsOf(1).ToArray());
        Assert.Equal([21, 22, 23, 20], lists.ItemsOf(2).ToArray());
        Assert.Equal(6, lists.PairCount);
    }

    [Fact]
    public void FromRankedGroupsInterleavedUsersKeepingEachUsersOrder()
    {
        var lists = UserLists.FromRanked(users: [5, 3, 5, 3], items: [9, 1, 8, 2]);

        Assert.Equal([1, 2], lists.ItemsOf(3).ToArray());
        Assert.Equal([9, 8], lists.ItemsOf(5).ToArray());
    }

    [Fact]
    public void AListThatRepeatsAnItemIsRejectedNamingUserAndItem()
    {
        var error = Assert.Throws<EncoreException>(() =>
            UserLists.FromRanked(users: [1, 4, 4, 4], items: [7, 3, 5, 3]));

        Assert.Contains("User 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("item 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANaNScoreIsRejectedNamingUserAndItem()
    {
        var error = Assert.Throws<EncoreException>(() =>
            UserLists.FromScored(users: [1, 1], items: [2, 3], scores: [0.5, double.NaN]));

        Assert.Contains("item 3 to user 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameForAllGivesEveryUserTheSameList()
    {
        var lists = UserLists.SameForAll([1, 2, 3], [9, 8]);

        Assert.Equal(3, lists.UserCount);
        Assert.Equal([9, 8], lists.ItemsOf(3).ToArray());
        Assert.True(lists.ItemsOf(4).IsEmpty);
    }

    [Fact]
    public void FromCsrKeepsEmptyLists()
    {
        var lists = UserLists.FromCsr([1, 2], [0, 0, 2], [5, 6], ListKind.Ranked);

        Assert.Equal(0, lists.IndexOf(1));
        Assert.True(lists.Items(0).IsEmpty);
        Assert.Equal([5, 6], lists.ItemsOf(2).ToArray());
    }

    [Fact]
    public void FromScoredMatchesAStableSortByUserThenScoreOnRandomRows()
    {
        var random = new Random(7);
        const int Rows = 3000;
        var users = new int[Rows];
        var items = new int[Rows];
        var scores = new double[Rows];
        for (var i = 0; i < Rows; i++)
        {
            users[i] = random.Next(-50, 50);
            items[i] = i;
            scores[i] = random.Next(0, 10) / 10.0;
        }

        var lists = UserLists.FromScored(users, items, scores);

        var expected = Enumerable.Range(0, Rows)
            .OrderBy(i => users[i]).ThenByDescending(i => scores[i]).ThenBy(i => i)
            .Select(i => items[i]).ToArray();
        Assert.Equal(expected, lists.AllItems.ToArray());
        Assert.Equal(users.Distinct().Order(), lists.Users.ToArray());
    }
}
