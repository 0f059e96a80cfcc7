using Encore.Core.Data.Interactions;
using Encore.Core.Models.TopPopular;

namespace Encore.Core.Tests.Models.TopPopular;

public sealed class TopPopularRecommenderTests
{
    // Plays per item: i0 = 4 (2 users), i1 = 4 (3 users), i2 = 3 (2), i3 = 4 (1), i4 = 3 (2), i5 = 0.
    private static readonly int[] Users = [0, 0, 1, 1, 2, 2, 2, 3, 3, 0];
    private static readonly int[] Items = [0, 1, 0, 2, 1, 2, 3, 1, 4, 4];
    private static readonly float[] Plays = [3, 1, 1, 2, 2, 1, 4, 1, 2, 1];

    private static TopPopularRecommender Fit(int size)
    {
        var model = new TopPopularRecommender(size);
        model.Fit(SparseMatrix.FromTriplets(4, 6, Users, Items, Plays));
        return model;
    }

    [Fact]
    public void RanksByPlaysThenListenersThenLowerIdAndSkipsUnplayedItems()
    {
        var model = Fit(10);

        Assert.Equal([1, 0, 3, 2, 4], model.Items.ToArray());
        Assert.Equal([4L, 4, 4, 3, 3], model.Plays.ToArray());
        Assert.Equal([3L, 2, 1, 2, 2], model.Users.ToArray());
    }

    [Fact]
    public void KeepsOnlyTheBestSizeItems()
    {
        Assert.Equal([1, 0, 3], Fit(3).Items.ToArray());
    }

    [Fact]
    public void RecommendSkipsExcludedItemsAndScoresByShareOfPlays()
    {
        var model = Fit(3);
        var items = new int[3];
        var scores = new float[3];

        var count = model.Recommend([0], items, scores);

        Assert.Equal(2, count);
        Assert.Equal([1, 3], items[..count]);
        Assert.Equal([4f / 12, 4f / 12], scores[..count]);
    }

    [Fact]
    public void ZeroSizeIsRejectedNamingTheParameter()
    {
        var error = Assert.Throws<EncoreException>(() => new TopPopularRecommender(0));
        Assert.Contains("size", error.Message, StringComparison.Ordinal);
    }
}
