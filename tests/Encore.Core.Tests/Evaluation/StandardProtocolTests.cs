using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Protocols;

namespace Encore.Core.Tests.Evaluation;

public sealed class StandardProtocolTests
{
    private const int Digits = 12;
    private static readonly StandardProtocol s_protocol = new(ProtocolFixture.Data, [2]);
    private static readonly ModelScores s_scores = s_protocol.Evaluate("model", ProtocolFixture.Model);

    [Fact]
    public void TestItemsAreTheWarmUsersDiscoveriesIncludingItemsNewToTrain()
    {
        var test = s_protocol.TestItems;

        // User 1 re-listened 3, discovered 4 and 9; user 2 discovered 1 and 3; user 3 only re-listened.
        Assert.Equal([1, 2], test.Users.ToArray());
        Assert.Equal([4, 9], test.ItemsOf(1).ToArray());
        Assert.Equal([1, 3], test.ItemsOf(2).ToArray());
    }

    [Fact]
    public void AUserWithoutAListIsEvaluatedAsAnEmptyListNotSkipped()
    {
        Assert.Equal(2, s_scores["users"]);
        Assert.Equal(1, s_scores["users_without_recs"]);
        Assert.Equal(1, s_scores["users_without_new_items"]);
    }

    [Fact]
    public void AccuracyMetricsAverageTheEvaluatedUsers()
    {
        // User 1, top 2 → 3 4: one hit (4) of 2 test items. User 2: empty list, zeros.
        Assert.Equal(0.25, s_scores["precision@2"], Digits);
        Assert.Equal(0.25, s_scores["recall@2"], Digits);
        Assert.Equal(0.25, s_scores["f1@2"], Digits);
        var ndcg = MetricFixture.Discount(2) / (MetricFixture.Discount(1) + MetricFixture.Discount(2));
        Assert.Equal(ndcg / 2, s_scores["ndcg@2"], Digits);
        Assert.Equal(0.125, s_scores["map@2"], Digits);
        Assert.Equal(0.25, s_scores["mrr@2"], Digits);
        Assert.Equal(0.5, s_scores["hit_rate@2"], Digits);
    }

    [Fact]
    public void UnheardShareAndNoveltyUseTheUsersTrainAndTrainPopularity()
    {
        // User 1 heard 3, not 4; items 3 and 4 were each played by 1 of 4 train users → 2 bits.
        Assert.Equal(0.25, s_scores["unheard@2"], Digits);
        Assert.Equal(1, s_scores["novelty@2"], Digits);
    }

    [Fact]
    public void CoverageCountsOnlyTheTopKOfEvaluatedUsers()
    {
        Assert.Equal(2.0 / 20, s_scores["coverage@2"], Digits);
    }

    [Fact]
    public void ColdUsersAreReportedApartOnAllTheirTestItems()
    {
        // User 5: top 2 → 1 2 against {1, 8}, one hit; user 6 has no list.
        Assert.Equal(2, s_scores["cold_users"]);
        Assert.Equal(1, s_scores["cold_users_without_recs"]);
        Assert.Equal(1.0 / 3, s_scores["cold_event_share@2"], Digits);
        Assert.Equal(0.5, s_scores["cold_user_coverage@2"], Digits);
        Assert.Equal(1, s_scores["cold_mean_hits@2"], Digits);
    }

    [Fact]
    public void EveryMetricAppearsForEveryK()
    {
        var scores = new StandardProtocol(ProtocolFixture.Data, [10, 5]).Evaluate("m", ProtocolFixture.Model, cancellationToken: TestContext.Current.CancellationToken);

        var names = scores.Values.Select(v => v.Name).ToList();
        foreach (var k in new[] { 5, 10 })
        {
            foreach (var family in new[]
            {
                "precision", "recall", "f1", "ndcg", "map", "mrr", "hit_rate", "novelty", "unheard", "popularity",
                "coverage", "cold_event_share", "cold_user_coverage", "cold_mean_hits",
            })
            {
                Assert.Contains($"{family}@{k}", names);
            }
        }

        Assert.True(names.IndexOf("precision@5") < names.IndexOf("precision@10"));
    }

    [Fact]
    public void AnEmptyCutOffListIsAUserError()
    {
        Assert.Throws<EncoreException>(() => new StandardProtocol(ProtocolFixture.Data, []));
        Assert.Throws<EncoreException>(() => new StandardProtocol(ProtocolFixture.Data, [0]));
    }

    [Fact]
    public void TheSameInputGivesTheSameNumbers()
    {
        var again = new StandardProtocol(ProtocolFixture.Data, [2]).Evaluate("model", ProtocolFixture.Model, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(s_scores.Values, again.Values);
    }
}
