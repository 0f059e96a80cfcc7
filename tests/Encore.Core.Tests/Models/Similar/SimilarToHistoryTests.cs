using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Similar;

namespace Encore.Core.Tests.Models.Similar;

public sealed class SimilarToHistoryTests
{
    // 1 → 10 .9, 11 .5, 2 .4 | 2 → 11 .8, 12 .5, 1 .3 | 3 → 13 .5, 10 .2
    private static readonly SimilarItemsIndex s_index = SimilarItemsIndex.FromCsr(
        [1, 2, 3], [0, 3, 6, 8], [10, 11, 2, 11, 12, 1, 13, 10], [0.9, 0.5, 0.4, 0.8, 0.5, 0.3, 0.5, 0.2]);

    private static (int[] Items, double[] Scores) Recommend(SimilarMerge merge, int[] recent, int[] heard, int k = 10)
    {
        var items = new int[k];
        var scores = new double[k];
        var count = new SimilarToHistory(s_index, merge).Recommend(recent, heard, items, scores);
        return (items[..count], scores[..count]);
    }

    [Fact]
    public void MaxMergeKeepsTheBestScoreOfAnItemSuggestedTwice()
    {
        var (items, scores) = Recommend(SimilarMerge.Max, recent: [1, 2], heard: [1, 2, 12]);

        Assert.Equal([10, 11], items);
        Assert.Equal([0.9, 0.8], scores);
    }

    [Fact]
    public void SumMergeAddsTheScoresOfAnItemSuggestedTwice()
    {
        var (items, scores) = Recommend(SimilarMerge.Sum, recent: [1, 2], heard: [1, 2, 12]);

        Assert.Equal([11, 10], items);
        Assert.Equal(1.3, scores[0], 12);
        Assert.Equal(0.9, scores[1]);
    }

    [Fact]
    public void TheRecentItemsThemselvesAreLeftOutEvenWhenNotInTheHeardList()
    {
        var (items, _) = Recommend(SimilarMerge.Max, recent: [1, 2], heard: []);

        Assert.Equal([10, 11, 12], items);
    }

    [Fact]
    public void HeardItemsAreLeftOut()
    {
        var (items, _) = Recommend(SimilarMerge.Max, recent: [2, 3], heard: [11, 13]);

        Assert.Equal([12, 1, 10], items);
    }

    [Fact]
    public void EqualScoresGoToTheMoreRecentListen()
    {
        Assert.Equal([11, 12, 13, 1, 10], Recommend(SimilarMerge.Max, recent: [2, 3], heard: []).Items);
        Assert.Equal([11, 13, 12, 1, 10], Recommend(SimilarMerge.Max, recent: [3, 2], heard: []).Items);
    }

    [Fact]
    public void ARepeatedRecentItemCountsOnceEvenWhenSumming()
    {
        var (items, scores) = Recommend(SimilarMerge.Sum, recent: [3, 3], heard: []);

        Assert.Equal([13, 10], items);
        Assert.Equal([0.5, 0.2], scores);
    }

    [Fact]
    public void UnknownItemsContributeNothingAndTheListIsCutToTheSpan()
    {
        Assert.Equal([10], Recommend(SimilarMerge.Max, recent: [99, 1], heard: [], k: 1).Items);
        Assert.Empty(Recommend(SimilarMerge.Max, recent: [99], heard: []).Items);
    }

    [Fact]
    public void RecommendAllUsesEachUsersLastListensAndDropsUsersWithNothingLeft()
    {
        var day = EventLog.DayOf(new DateOnly(2022, 12, 1));
        // User 5 played 3 then 1 then 2 (2 latest); with history 2 the seeds are [2, 1], so 3's neighbour 13
        // never shows, and 3 is only heard.
        // User 6's only listen has no neighbours.
        var events = new EventLog([5, 5, 5, 6], [3, 1, 2, 42], [day, day + 1, day + 1, day]);
        var history = RecentListens.FromEvents(events, 2);
        var heard = UserLists.FromPairs(events.Users, events.Items);

        var lists = new SimilarToHistory(s_index).RecommendAll(history, heard, k: 3, TestContext.Current.CancellationToken);

        Assert.Equal([5], lists.Users);
        Assert.Equal([10, 11, 12], lists.ItemsOf(5));
    }
}
