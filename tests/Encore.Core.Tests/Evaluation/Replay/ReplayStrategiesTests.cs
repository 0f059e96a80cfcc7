using Encore.Core.Blending;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Replay.Strategies;
using Encore.Core.Models.Similar;
using Encore.Core.Randomness;
using Encore.Core.Serving;

namespace Encore.Core.Tests.Evaluation.Replay;

public sealed class ReplayStrategiesTests
{
    /// <summary>50 → 51 (.9), 60 (.8); 51 → 61 (.8), 50 (.7); 52 → 70 (.99). Listener 1's list: 10, 60, 12.</summary>
    private static ServingSet SmallSet() => new()
    {
        Directory = "small",
        Offline = UserLists.FromCsr([1], [0, 3], [10, 60, 12], ListKind.Ranked),
        OfflineFile = "personal_als.parquet",
        TopPopular = [100, 101, 102],
        Similar = SimilarItemsIndex.FromCsr([50, 51, 52], [0, 2, 4, 5], [51, 60, 61, 50, 70], [0.9, 0.8, 0.8, 0.7, 0.99]),
        Catalog = ItemCatalog.Empty,
    };

    private static int[] Run(IReplayStrategy strategy, ServingSet set, long user, long[] newestFirst, int k, int onlineHistory = 3)
    {
        var request = new ReplayRequest(user, set.Offline.ItemsOf(user), newestFirst, OnlineHistory.From(newestFirst, onlineHistory));
        var destination = new int[k];
        return destination[..strategy.Recommend(request, destination)];
    }

    [Fact]
    public void EncoresStrategiesReturnWhatTheServingCodeReturnsForTheSameEvents()
    {
        var (_, _, set) = ReplayEvaluationTests.RandomData(listeners: 60, seed: 11);
        var random = new SplitMix64(5);
        foreach (var options in new[] { new RecommendationOptions(), new RecommendationOptions { OnlineHistory = 5, Merge = SimilarMerge.Sum } })
        {
            var serving = new ServingRecommender(set, options);
            var strategies = ReplayStrategies.Create(serving).ToDictionary(s => s.Name);
            for (var user = 0L; user <= 61; user++)
            {
                var events = new long[(int)random.NextBelow(11)];
                for (var i = 0; i < events.Length; i++)
                {
                    events[i] = (long)random.NextBelow(300);
                }

                var k = 1 + (int)random.NextBelow(20);
                var history = OnlineHistory.From(events, options.OnlineHistory);
                // What RecommendationService.RecommendAsync builds for each kind from the same stored events.
                var online = ServingRecommender.Online(set.Similar, options.Merge, history, k);
                Assert.Equal(serving.Popular(history, k).Items, Run(strategies["popular"], set, user, events, k, options.OnlineHistory));
                Assert.Equal(serving.Offline(user, history, k).Items, Run(strategies["offline"], set, user, events, k, options.OnlineHistory));
                Assert.Equal(online.Items, Run(strategies["online"], set, user, events, k, options.OnlineHistory));
                Assert.Equal(
                    ServingRecommender.Blend(serving.Offline(user, history, k), online, k).Items,
                    Run(strategies["blended"], set, user, events, k, options.OnlineHistory));
            }
        }
    }

    [Fact]
    public void SeedOnlineMergesTheThreeNewestEventsByMaxScoreAndExcludesNothing()
    {
        var set = SmallSet();

        // Newest first 50, 51, 53 (no neighbours); 52 is the fourth and not read. Pairs by score, ties in event order:
        // 51 .9 (from 50), 60 .8 (from 50), 61 .8 (from 51), 50 .7 — the events 51 and 50 come back.
        var list = Run(new SeedOnlineStrategy(set), set, 1, [50, 51, 53, 52], k: 10);

        Assert.Equal([51, 60, 61, 50], list);
        Assert.Equal([51, 60, 61], Run(new SeedOnlineStrategy(set), set, 1, [50, 51, 53, 52], k: 3));
        Assert.Empty(Run(new SeedOnlineStrategy(set), set, 1, [], k: 3));
    }

    [Fact]
    public void SeedBlendInterleavesFirstAndDeduplicatesAfterwards()
    {
        // The seed's order: 10 62 11 10 12 11 13 63, then 14; de-duplicated: 10 62 11 12 13 63 14. Encore's blender
        // gives 63 the odd position the duplicate 10 would have taken.
        var destination = new int[6];
        var count = SeedBlendStrategy.Blend([10, 11, 12, 13, 14], [62, 10, 11, 63], destination);

        Assert.Equal([10, 62, 11, 12, 13, 63], destination[..count]);
        var encore = new int[6];
        Assert.Equal(6, OnlineOfflineBlender.Blend([10, 11, 12, 13, 14], [62, 10, 11, 63], encore));
        Assert.Equal([10, 62, 11, 63, 12, 13], encore);
    }

    [Fact]
    public void SeedBlendUsesTheFirstKOfThePersonalListAndTheSeedOnlineList()
    {
        var set = SmallSet();

        // Offline 10 60 12, online 51 60 61 50: 10 51 60 60 12 61, then 50 → 10 51 60 12 (k = 4); event 51 is served.
        Assert.Equal([10, 51, 60, 12], Run(new SeedBlendStrategy(set), set, 1, [50, 51], k: 4));
        // Without events the blend is the offline list; without a personal list it is top-popular.
        Assert.Equal([10, 60], Run(new SeedBlendStrategy(set), set, 1, [], k: 2));
        Assert.Equal([100, 101, 102], Run(new SeedBlendStrategy(set), set, 2, [], k: 5));
    }
}
