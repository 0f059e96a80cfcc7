using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Protocols;

namespace Encore.Core.Tests.Evaluation;

public sealed class SeedProtocolTests
{
    private const int Digits = 12;
    private static readonly ModelScores s_scores =
        new SeedProtocol(ProtocolFixture.Data, [3, 2]).Evaluate("model", ProtocolFixture.Model);

    [Fact]
    public void CommonUsersAreTestUsersWithAListAndTheRestAreSilentlySkipped()
    {
        // Test users 1 2 3 5 6 ∩ list users 1 3 4 5: users 2 and 6 have no list and do not count.
        Assert.Equal(3, s_scores["users"]);
        Assert.Equal(4, s_scores["rec_users"]);
    }

    [Fact]
    public void TestItemsNeverPlayedInTrainAreDroppedAndZeroOverZeroRecallIsZero()
    {
        // Kept test items: user 1 {3, 4} (9 dropped), user 3 {5}, user 5 {1} (8 dropped).
        // Top 2: user 1 → 3 4 (2 hits), user 3 → 5 1 (1 hit), user 5 → 1 2 (1 hit).
        Assert.Equal((1.0 + 0.5 + 0.5) / 3, s_scores["precision@2"], Digits);
        Assert.Equal(1, s_scores["recall@2"], Digits);
    }

    [Fact]
    public void PrecisionDividesByTheRecommendationsShownNotByK()
    {
        // Top 3: user 1 → 3 4 6 (2 of 3), user 3 → 5 1 (1 of 2 shown), user 5 → 1 2 (1 of 2 shown).
        Assert.Equal((2.0 / 3 + 0.5 + 0.5) / 3, s_scores["precision@3"], Digits);
    }

    [Fact]
    public void F1ComesFromTheAveragedPrecisionAndRecall()
    {
        var precision = (2.0 / 3 + 0.5 + 0.5) / 3;
        Assert.Equal(2 * precision * 1 / (precision + 1), s_scores["f1@3"], Digits);
    }

    [Fact]
    public void F1IsNaNWhenNothingIsHit()
    {
        var misses = UserLists.FromRanked([1, 3, 5], [7, 7, 7]);

        var scores = new SeedProtocol(ProtocolFixture.Data, [2]).Evaluate("misses", misses, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, scores["precision@2"]);
        Assert.Equal(0, scores["recall@2"]);
        Assert.True(double.IsNaN(scores["f1@2"]));
    }

    [Fact]
    public void RecallIsZeroForACommonUserWhoseTestItemsWereAllDropped()
    {
        // User 6's test item 2 is in train, but give it a list; user 5 keeps only item 1.
        var lists = UserLists.FromRanked([5, 6], [8, 2]);

        var scores = new SeedProtocol(ProtocolFixture.Data, [1]).Evaluate("m", lists, cancellationToken: TestContext.Current.CancellationToken);

        // User 5 recommended 8 (dropped from test, so a miss): recall 0 of 1; user 6: 1 of 1.
        Assert.Equal(0.5, scores["recall@1"], Digits);
        Assert.Equal(0.5, scores["precision@1"], Digits);
    }

    [Fact]
    public void NoveltyCountsEveryUserWithAListAndOnlyTheShownRanks()
    {
        // Top 2 heard: user 1 {3} of 3 4, user 3 {5} of 5 1, user 4 {1} of 2 1, user 5 (cold) none.
        Assert.Equal((0.5 + 0.5 + 0.5 + 1) / 4, s_scores["novelty@2"], Digits);
        // Top 3: user 1 → 3 4 6 (1 heard), user 3 → 5 1 (1 of 2), user 4 → 2 1 9 (1 heard), user 5 → 1 2.
        Assert.Equal((2.0 / 3 + 0.5 + 2.0 / 3 + 1) / 4, s_scores["novelty@3"], Digits);
    }

    [Fact]
    public void CoverageCountsEveryItemOfEveryListNotOnlyTheTopK()
    {
        // Items 1 2 3 4 5 6 7 9 over 20.
        Assert.Equal(0.4, s_scores["coverage"], Digits);
    }

    [Fact]
    public void ColdUserStatsCheckEachColdUsersTestItemsAgainstTheTop100()
    {
        // Cold users 5 {1, 8} and 6 {2}; only user 5 has a list, 1 2 → one hit.
        Assert.Equal(2, s_scores["cold_users"]);
        Assert.Equal(1.0 / 3, s_scores["cold_event_share@100"], Digits);
        Assert.Equal(0.5, s_scores["cold_user_coverage@100"], Digits);
        Assert.Equal(1, s_scores["cold_mean_hits@100"], Digits);
    }

    [Fact]
    public void ColdUserStatsOfATopPopularListGivenToEveryone()
    {
        var topPopular = UserLists.SameForAll([1, 2, 3, 4, 5, 6], [2, 1, 3]);

        var scores = new SeedProtocol(ProtocolFixture.Data, [2]).Evaluate("top", topPopular, cancellationToken: TestContext.Current.CancellationToken);

        // User 5 hits 1 (not 8), user 6 hits 2.
        Assert.Equal(2.0 / 3, scores["cold_event_share@100"], Digits);
        Assert.Equal(1, scores["cold_user_coverage@100"], Digits);
        Assert.Equal(1, scores["cold_mean_hits@100"], Digits);
    }

    [Fact]
    public void ValuesComeInAFixedOrder()
    {
        Assert.Equal(
            [
                "users", "rec_users",
                "precision@2", "recall@2", "f1@2", "novelty@2",
                "precision@3", "recall@3", "f1@3", "novelty@3",
                "coverage", "cold_users", "cold_event_share@100", "cold_user_coverage@100", "cold_mean_hits@100",
            ],
            s_scores.Values.Select(v => v.Name));
    }
}
