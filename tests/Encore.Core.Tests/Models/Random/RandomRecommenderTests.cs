using Encore.Core.Data.Interactions;
using Encore.Core.Models.Random;

namespace Encore.Core.Tests.Models.Random;

public sealed class RandomRecommenderTests
{
    private static RandomRecommender Fit(int seed, int items = 50)
    {
        var model = new RandomRecommender(seed);
        model.Fit(SparseMatrix.FromTriplets(3, items, [0], [0]));
        return model;
    }

    private static (int[] Items, float[] Scores) Recommend(RandomRecommender model, int user, int k, int[]? exclude = null)
    {
        var items = new int[k];
        var scores = new float[k];
        var count = model.Recommend(user, exclude ?? [], items, scores);
        return (items[..count], scores[..count]);
    }

    [Fact]
    public void SameSeedAndUserGiveTheSameListInAnyCallOrder()
    {
        var first = Fit(7);
        var a = Recommend(first, 2, 5);
        _ = Recommend(first, 1, 5);
        var again = Recommend(Fit(7), 2, 5);

        Assert.Equal(a.Items, again.Items);
        Assert.Equal(a.Scores, again.Scores);
    }

    [Fact]
    public void DifferentSeedsOrUsersGiveDifferentLists()
    {
        Assert.NotEqual(Recommend(Fit(1), 0, 5).Items, Recommend(Fit(2), 0, 5).Items);
        Assert.NotEqual(Recommend(Fit(1), 0, 5).Items, Recommend(Fit(1), 1, 5).Items);
    }

    [Fact]
    public void ItemsAreDistinctUnexcludedAndBestScoreFirst()
    {
        var (items, scores) = Recommend(Fit(3, items: 12), 0, 10, exclude: [0, 5]);

        Assert.Equal(10, items.Distinct().Count());
        Assert.DoesNotContain(0, items);
        Assert.DoesNotContain(5, items);
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public void AskingForMoreThanTheCatalogueReturnsEveryAllowedItem()
    {
        var (items, _) = Recommend(Fit(3, items: 4), 0, 10, exclude: [2]);
        Assert.Equal([0, 1, 3], items.Order());
    }

    [Fact]
    public void UnfittedModelThrows() =>
        Assert.Throws<InvalidOperationException>(() => new RandomRecommender().Recommend(0, [], new int[1], new float[1]));
}
