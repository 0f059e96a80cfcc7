using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Replay.Strategies;
using Encore.Core.Models.Similar;
using Encore.Core.Randomness;
using Encore.Core.Serving;

namespace Encore.Core.Tests.Evaluation.Replay;

public sealed class ReplayEvaluationTests
{
    private const int Digits = 12;

    /// <summary>NDCG@2 of a list whose first item is the only hit, against a target of two.</summary>
    private static readonly double s_firstOfTwo = 1 / (1 + 1 / Math.Log2(3));

    [Fact]
    public void TheOfflineListIsScoredAgainstTheNextNewTracksAtEachCheckpoint()
    {
        var set = ReplayFixture.Set();
        var serving = new ServingRecommender(set, new RecommendationOptions());

        var result = ReplayEvaluation.Evaluate(
            ReplayFixture.Test, ReplayFixture.Train, set, [new OfflineStrategy(serving)], ReplayFixture.Options(), cancellationToken: TestContext.Current.CancellationToken);

        // By hand (offline list minus the tracks heard online, first 2):
        // listener 1, c=0: [20 21] vs {20 21} → hit 1, recall 1, ndcg 1
        //             c=1: heard 21 → [20 22] vs {20 23} → hit 1, recall 1/2, ndcg 1/(1 + 1/log2 3)
        //             c=2: heard 20 21 → [22] vs {23} → 0, 0, 0
        // listener 2, c=0: [30 31] vs {31 30} (2 was heard in train) → 1, 1, 1
        //             c=1: heard 2 → [30 31] vs {31 30} → 1, 1, 1
        //             c=2: heard 31 2 → [30] vs {30} → 1, 1, 1
        // Listener 3 is cold and not replayed.
        Assert.Equal(2, result.Listeners);
        Assert.Equal([2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], result.CasesByCheckpoint);
        Assert.Equal(4, result.CasesAfterFirstListen);
        Assert.Equal(["hit_rate@2", "recall@2", "ndcg@2"], result.Metrics);
        Assert.Equal(3.0 / 4, result.Mean("offline", "hit_rate@2"), Digits);
        Assert.Equal((0.5 + 0 + 1 + 1) / 4, result.Mean("offline", "recall@2"), Digits);
        Assert.Equal((s_firstOfTwo + 0 + 1 + 1) / 4, result.Mean("offline", "ndcg@2"), Digits);

        var ndcg = result.Curve("offline", "ndcg@2");
        Assert.Equal(1, ndcg[0], Digits);
        Assert.Equal((s_firstOfTwo + 1) / 2, ndcg[1], Digits);
        Assert.Equal(0.5, ndcg[2], Digits);
        Assert.True(double.IsNaN(ndcg[3]));
        Assert.Equal([1, 0.75, 0.5], result.Curve("offline", "recall@2")[..3]);
    }

    [Fact]
    public void EveryStrategyIsScoredUnderItsName()
    {
        var set = ReplayFixture.Set();

        var result = ReplayEvaluation.Evaluate(
            ReplayFixture.Test, ReplayFixture.Train, set, ReplayStrategies.Create(new ServingRecommender(set, new RecommendationOptions())),
            ReplayFixture.Options(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["popular", "offline", "online", "seed_online", "seed_blend", "blended"], result.Strategies.Select(s => s.Strategy));
        // Popular (40, 41) never reaches these listeners' targets; online at listener 1's c = 1 is 22, 40: no hit either.
        Assert.Equal(0, result.Mean("popular", "ndcg@2"));
        Assert.Equal(0, result.Mean("online", "hit_rate@2"));
    }

    [Fact]
    public void TheNumbersDoNotDependOnTheThreadCount()
    {
        var (test, train, set) = RandomData(listeners: 400, seed: 7);
        var strategies = ReplayStrategies.Create(new ServingRecommender(set, new RecommendationOptions()));
        string Run(int threads) => ReplayResultJson.SectionJson(ReplayEvaluation.Evaluate(
            test, train, set, strategies, new ReplayOptions { K = [5, 10], Threads = threads }, cancellationToken: TestContext.Current.CancellationToken));

        var one = Run(1);

        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(8));
        Assert.Contains("\"seed_blend\"", one, StringComparison.Ordinal);
    }

    [Fact]
    public void ASampleIsSeededAndTakesThatManyWarmListeners()
    {
        var (test, train, _) = RandomData(listeners: 400, seed: 3);

        var first = ReplayListeners.Warm(test, train, sample: 50, seed: 9);
        var again = ReplayListeners.Warm(test, train, sample: 50, seed: 9);
        var other = ReplayListeners.Warm(test, train, sample: 50, seed: 10);
        var all = ReplayListeners.Warm(test, train);

        Assert.Equal(50, first.Count);
        Assert.Equal(first.Users.ToArray(), again.Users.ToArray());
        Assert.NotEqual(first.Users.ToArray(), other.Users.ToArray());
        Assert.Subset(all.Users.ToArray().ToHashSet(), first.Users.ToArray().ToHashSet());
    }

    [Fact]
    public void ListensKeepFileOrderWithinAListenerWhateverTheRowsAreInterleavedWith()
    {
        var test = new EventLog([2, 1, 2, 1, 2], [5, 9, 4, 8, 3], [0, 0, 0, 0, 0]);
        var train = UserLists.FromPairs([1, 2], [100, 100]);

        var listeners = ReplayListeners.Warm(test, train);

        Assert.Equal([1, 2], listeners.Users.ToArray());
        Assert.Equal([9, 8], listeners.Listens(0).ToArray());
        Assert.Equal([5, 4, 3], listeners.Listens(1).ToArray());
    }

    /// <summary>Listeners with random test listens over 300 tracks, random offline lists and a random similar index.</summary>
    internal static (EventLog Test, UserLists Train, ServingSet Set) RandomData(int listeners, ulong seed)
    {
        var random = new SplitMix64(seed);
        int Next(int bound) => (int)random.NextBelow((ulong)bound);
        var users = new List<int>();
        var items = new List<int>();
        var trainUsers = new List<int>();
        var trainItems = new List<int>();
        var offlineUsers = new List<int>();
        var offlineOffsets = new List<int> { 0 };
        var offlineItems = new List<int>();
        for (var u = 1; u <= listeners; u++)
        {
            var length = 1 + Next(30);
            for (var i = 0; i < length; i++)
            {
                users.Add(u);
                items.Add(Next(300));
            }

            for (var i = Next(4); i > 0; i--)
            {
                trainUsers.Add(u);
                trainItems.Add(Next(300));
            }

            if (Next(5) > 0)
            {
                offlineUsers.Add(u);
                offlineItems.AddRange(Enumerable.Range(0, 300).OrderBy(_ => random.NextUInt64()).Take(20));
                offlineOffsets.Add(offlineItems.Count);
            }
        }

        var similarItems = Enumerable.Range(0, 300).Where(i => i % 7 != 0).ToArray();
        var offsets = new List<int> { 0 };
        var neighbours = new List<int>();
        var scores = new List<double>();
        foreach (var item in similarItems)
        {
            foreach (var neighbour in Enumerable.Range(0, 300).Where(n => n != item).OrderBy(_ => random.NextUInt64()).Take(10))
            {
                neighbours.Add(neighbour);
                // Coarse scores, so ties (and their order rules) occur.
                scores.Add(Next(5) / 5.0);
            }

            scores.Sort(offsets[^1], 10, Comparer<double>.Create((a, b) => b.CompareTo(a)));
            offsets.Add(neighbours.Count);
        }

        var set = new ServingSet
        {
            Directory = "random",
            Offline = UserLists.FromCsr([.. offlineUsers], [.. offlineOffsets], [.. offlineItems], ListKind.Ranked),
            OfflineFile = "personal_als.parquet",
            TopPopular = [.. Enumerable.Range(0, 300).OrderBy(_ => random.NextUInt64()).Take(100)],
            Similar = SimilarItemsIndex.FromCsr(similarItems, [.. offsets], [.. neighbours], [.. scores]),
            Catalog = ItemCatalog.Empty,
        };
        return (new EventLog([.. users], [.. items], new int[users.Count]), UserLists.FromPairs([.. trainUsers], [.. trainItems]), set);
    }
}
