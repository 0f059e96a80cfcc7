using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Metrics;

namespace Encore.Core.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    private const int Digits = 12;
    private static readonly EvaluationContext s_context = MetricFixture.Context();

    [Fact]
    public void PrecisionDividesHitsByKAndChargesShortAndEmptyLists()
    {
        var values = new Precision(3).CalculatePerUser(s_context);

        Assert.Equal([1.0 / 3, 1.0 / 3, 0, 0, 1.0 / 3], values.Values.ToArray());
        Assert.Equal(0.2, new Precision(3).Calculate(s_context), Digits);
        Assert.Equal("precision@3", new Precision(3).Name);
    }

    [Fact]
    public void PrecisionOverShownDividesByTheItemsActuallyRecommended()
    {
        var values = new Precision(3, PrecisionDenominator.Shown).CalculatePerUser(s_context);

        Assert.Equal([1.0 / 3, 1.0 / 2, 0, 0, 1.0 / 3], values.Values.ToArray());
    }

    [Fact]
    public void RecallIsHitsOverTestSizeAndZeroWithoutTestItems()
    {
        var values = new Recall(5).CalculatePerUser(s_context);

        Assert.Equal([2.0 / 3, 1, 0, 0, 1], values.Values.ToArray());
    }

    [Fact]
    public void F1IsComputedPerUserThenAveraged()
    {
        var values = new F1(5).CalculatePerUser(s_context);

        // 2·hits / (k + |test|): user 1 → 4/8, user 2 → 2/6, user 5 → 2/6.
        Assert.Equal([0.5, 1.0 / 3, 0, 0, 1.0 / 3], values.Values.ToArray());
    }

    [Fact]
    public void NdcgUsesLog2DiscountAndIdealOverMinOfKAndTestSize()
    {
        var at3 = new Ndcg(3).CalculatePerUser(s_context);
        var at5 = new Ndcg(5).CalculatePerUser(s_context);

        var ideal3 = MetricFixture.Discount(1) + MetricFixture.Discount(2) + MetricFixture.Discount(3);
        Assert.Equal(MetricFixture.Discount(2) / ideal3, at3[1], Digits);
        Assert.Equal((MetricFixture.Discount(2) + MetricFixture.Discount(5)) / ideal3, at5[1], Digits);
        Assert.Equal(1, at3[2], Digits);
        Assert.Equal(0, at3[3]);
        Assert.Equal(0, at3[4]);
        Assert.Equal(MetricFixture.Discount(3), at3[5], Digits);
    }

    [Fact]
    public void MapAveragesPrecisionAtEachHitOverMinOfKAndTestSize()
    {
        var at3 = new Map(3).CalculatePerUser(s_context);
        var at5 = new Map(5).CalculatePerUser(s_context);

        Assert.Equal(0.5 / 3, at3[1], Digits);
        Assert.Equal((0.5 + 0.4) / 3, at5[1], Digits);
        Assert.Equal(1, at3[2], Digits);
        Assert.Equal(0, at3[3]);
        Assert.Equal(1.0 / 3, at3[5], Digits);
    }

    [Fact]
    public void MrrIsTheReciprocalRankOfTheFirstHitWithinK()
    {
        Assert.Equal([0.5, 1, 0, 0, 1.0 / 3], new Mrr(3).CalculatePerUser(s_context).Values.ToArray());
        Assert.Equal([0, 1, 0, 0, 0], new Mrr(1).CalculatePerUser(s_context).Values.ToArray());
    }

    [Fact]
    public void HitRateIsOneWhenTheTopKHoldsAnyHit()
    {
        Assert.Equal([1, 1, 0, 0, 1], new HitRate(3).CalculatePerUser(s_context).Values.ToArray());
        Assert.Equal(0.2, new HitRate(1).Calculate(s_context), Digits);
    }

    [Fact]
    public void KLargerThanEveryListCountsOnlyTheItemsThere()
    {
        var context = MetricFixture.Context(depth: 50);

        Assert.Equal(new Recall(5).Calculate(context), new Recall(50).Calculate(context), Digits);
        Assert.Equal(2.0 / 50, new Precision(50).CalculatePerUser(context)[1], Digits);
    }

    [Fact]
    public void MeanOverNoUsersIsNaNNotZero()
    {
        var context = EvaluationContext.Build([], MetricFixture.Lists, 5, MetricFixture.Test, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(double.IsNaN(new Precision(5).Calculate(context)));
    }

    [Fact]
    public void AMetricDeeperThanTheContextIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Precision(10).Calculate(s_context));

        Assert.Contains("precision@10", error.Message, StringComparison.Ordinal);
        Assert.Contains("depth 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAccuracyMetricWithoutTestSetsNamesTheMissingInput()
    {
        var context = EvaluationContext.Build(MetricFixture.Users, MetricFixture.Lists, 5, cancellationToken: TestContext.Current.CancellationToken);

        var error = Assert.Throws<ArgumentException>(() => new Recall(5).Calculate(context));

        Assert.Contains("recall@5 needs 'test'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KBelowOneIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ndcg(0));
    }
}
