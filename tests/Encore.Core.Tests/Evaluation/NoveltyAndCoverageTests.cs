using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Metrics;

namespace Encore.Core.Tests.Evaluation;

public sealed class NoveltyAndCoverageTests
{
    private const int Digits = 12;
    private static readonly EvaluationContext s_context = MetricFixture.Context();

    [Fact]
    public void UnheardShareIsTheShareOfShownItemsNotHeardInTrainAndZeroForAnEmptyList()
    {
        var values = new UnheardShare(3).CalculatePerUser(s_context);

        // User 1 heard 10 and 12 of 10 11 12; user 2 shows 2 unheard items; user 3 has no list.
        MetricFixture.AssertValues([1.0 / 3, 1, 0, 1, 2.0 / 3], values);
    }

    [Fact]
    public void NoveltyAveragesMinusLog2PopularityShareAndTreatsUnplayedItemsAsPlayedOnce()
    {
        var values = new Novelty(2).CalculatePerUser(s_context);

        // 8 train users. User 1: item 10 (4 users) → 1 bit, item 11 (1 user) → 3 bits.
        // User 2: item 20 (2 users) → 2 bits, item 21 (nobody) → 3 bits. Users 4 and 5: unplayed items only.
        Assert.Equal(2, values[1], Digits);
        Assert.Equal(2.5, values[2], Digits);
        Assert.Equal(0, values[3]);
        Assert.Equal(3, values[4], Digits);
    }

    [Fact]
    public void MeanPopularityAveragesTheShareOfTrainUsersWhoPlayedEachShownItem()
    {
        var values = new MeanPopularity(2).CalculatePerUser(s_context);

        // 8 train users. User 1: items 10 (4 users) and 11 (1) → (4/8 + 1/8) / 2. User 2: 20 (2) and 21 (nobody).
        Assert.Equal(5.0 / 16, values[1], Digits);
        Assert.Equal(2.0 / 16, values[2], Digits);
        Assert.Equal(0, values[3]);
        Assert.Equal(0, values[4]);
    }

    [Fact]
    public void NoveltySeparatesListsThatAllLeaveHeardItemsOut()
    {
        // Two lists of unheard items: the unheard share cannot tell them apart, novelty can (1 bit against 3).
        var popularity = ItemPopularity.FromCounts([1, 2], [4, 1], 8);
        var lists = UserLists.FromRanked([7, 8], [1, 2]);
        var context = EvaluationContext.Build([7, 8], lists, 1, train: UserLists.FromPairs([7, 8], [9, 9]), popularity: popularity,
            cancellationToken: TestContext.Current.CancellationToken);

        var unheard = new UnheardShare(1).CalculatePerUser(context);
        var novelty = new Novelty(1).CalculatePerUser(context);

        Assert.Equal(unheard[7], unheard[8]);
        Assert.Equal(1, novelty[7], Digits);
        Assert.Equal(3, novelty[8], Digits);
    }

    [Fact]
    public void ListMetricsWithoutTheirInputNameIt()
    {
        var context = EvaluationContext.Build(MetricFixture.Users, MetricFixture.Lists, 5, MetricFixture.Test, cancellationToken: TestContext.Current.CancellationToken);

        var error = Assert.Throws<ArgumentException>(() => new UnheardShare(5).Calculate(context));

        Assert.Contains("unheard@5 needs 'train'", error.Message, StringComparison.Ordinal);
        Assert.Contains("novelty@5 needs 'popularity'", Assert.Throws<ArgumentException>(() => new Novelty(5).Calculate(context)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MeanPopularity(5).Calculate(context));
    }

    [Fact]
    public void CoverageCountsDistinctItemsInTheEvaluatedUsersTopK()
    {
        // Top 2: {10, 11}, {20, 21}, {}, {40, 41}, {50, 51} → 8 of 100 items.
        Assert.Equal(0.08, new Coverage(2).Calculate(s_context), Digits);
    }

    [Fact]
    public void ListCoverageCountsEveryRankOfEveryList()
    {
        var onlyUserOne = EvaluationContext.Build([1], MetricFixture.Lists, 1, catalogSize: 100, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0.13, new ListCoverage().Calculate(onlyUserOne), Digits);
    }

    [Fact]
    public void CoverageWithoutCatalogSizeNamesTheMissingInput()
    {
        var context = EvaluationContext.Build(MetricFixture.Users, MetricFixture.Lists, 5, cancellationToken: TestContext.Current.CancellationToken);

        var error = Assert.Throws<ArgumentException>(() => new Coverage(5).Calculate(context));

        Assert.Contains("catalogSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventShareIsAllHitsOverAllTestItems()
    {
        // Hits in top 5: 2 + 1 + 0 + 0 + 1 over 3 + 1 + 1 + 0 + 1 test items.
        Assert.Equal(4.0 / 6, new EventShare(5).Calculate(s_context), Digits);
    }

    [Fact]
    public void MeanHitsCountsOnlyUsersWithAHit()
    {
        Assert.Equal(4.0 / 3, new MeanHitsOfHitUsers(5).Calculate(s_context), Digits);
        Assert.Equal(1, new MeanHitsOfHitUsers(1).Calculate(s_context), Digits);
    }

    [Fact]
    public void ColdStatsAreZeroWhenNothingIsHit()
    {
        var context = EvaluationContext.Build([3], MetricFixture.Lists, 5, MetricFixture.Test, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, new EventShare(5).Calculate(context));
        Assert.Equal(0, new MeanHitsOfHitUsers(5).Calculate(context));
    }
}
