using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation;

namespace Encore.Core.Tests.Evaluation;

public sealed class ItemPopularityTests
{
    [Fact]
    public void FromTrainCountsDistinctUsersPerItemOverTrainUsers()
    {
        var train = UserLists.FromPairs([1, 1, 2, 2, 2, 3], [10, 11, 10, 10, 12, 10]);

        var popularity = ItemPopularity.FromTrain(train);

        Assert.Equal(3, popularity.TrainUsers);
        Assert.Equal(3, popularity.PlayedItemCount);
        Assert.Equal(3, popularity.UserCount(10));
        Assert.Equal(1, popularity.UserCount(12));
        Assert.Equal(0, popularity.UserCount(99));
        Assert.False(popularity.WasPlayed(99));
    }

    [Fact]
    public void FromCountsRejectsACountAboveTheTrainUsers()
    {
        var error = Assert.Throws<ArgumentException>(() => ItemPopularity.FromCounts([5], [4], trainUsers: 3));

        Assert.Contains("Item 5 has 4 users", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCountsRejectsAnItemCountedTwice()
    {
        Assert.Throws<ArgumentException>(() => ItemPopularity.FromCounts([5, 5], [1, 2], trainUsers: 3));
    }
}
