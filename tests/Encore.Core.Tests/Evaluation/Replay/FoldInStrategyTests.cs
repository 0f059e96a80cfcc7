using Encore.Core.Artifacts;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Replay.Strategies;
using Encore.Core.Models.Als;
using Encore.Core.Randomness;
using Encore.Core.Serving;

namespace Encore.Core.Tests.Evaluation.Replay;

public sealed class FoldInStrategyTests
{
    private const int Tracks = 300;

    /// <summary>An ALS model over the replay's random train pairs (binary), with its id maps.</summary>
    private static ReplayAls Als(UserLists train, AlsFoldInOptions? options = null)
    {
        var (model, users, items) = ReplayAlsFixture.Fit(train, Tracks);
        return new ReplayAls(new AlsFoldIn(model, options ?? new AlsFoldInOptions()), users, items);
    }

    private static int[] Run(IReplayStrategy strategy, ServingSet set, long user, long[] newestFirst, int k)
    {
        var request = new ReplayRequest(user, set.Offline.ItemsOf(user), newestFirst, OnlineHistory.From(newestFirst, 3));
        var destination = new int[k];
        return destination[..strategy.Recommend(request, destination)];
    }

    [Fact]
    public void FoldInServesTheFoldedInAlsListOfTrainAndStoredEventsInTrackIds()
    {
        var (_, train, set) = ReplayEvaluationTests.RandomData(listeners: 60, seed: 11);
        var als = Als(train);
        var serving = new ServingRecommender(set, new RecommendationOptions());
        var strategy = new FoldInStrategy(als, serving);
        var scratch = als.FoldIn.CreateScratch();
        var random = new SplitMix64(5);
        for (var user = 1L; user <= 60; user++)
        {
            var events = new long[1 + (int)random.NextBelow(10)];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = (long)random.NextBelow(Tracks);
            }

            var k = 1 + (int)random.NextBelow(20);
            var served = Run(strategy, set, user, events, k);

            var rows = events.Select(e => als.Items.ToInternal(e)).ToArray();
            var items = new int[k];
            var count = als.FoldIn.Recommend(
                als.Users.TryToInternal(user, out var row) ? row : -1, rows, items, new float[k], scratch);
            Assert.Equal(items[..count].Select(i => (int)als.Items.ToExternal(i)), served);
            Assert.Equal(k, served.Length);
            Assert.Empty(served.Intersect(events.Select(e => (int)e)));
            Assert.Empty(served.Intersect(train.ItemsOf((int)user).ToArray()));
        }
    }

    [Fact]
    public void AListenerTheModelDoesNotKnowIsFoldedInFromTheEventsAndWithoutEventsGetsTheOfflineList()
    {
        var (_, train, set) = ReplayEvaluationTests.RandomData(listeners: 60, seed: 11);
        var serving = new ServingRecommender(set, new RecommendationOptions());
        var strategy = new FoldInStrategy(Als(train), serving);
        const long Stranger = 10_000;
        // A track the model does not know is skipped, not an error.
        long[] events = [17, Tracks + 5, 42];

        var served = Run(strategy, set, Stranger, events, 10);

        Assert.Equal(10, served.Length);
        Assert.DoesNotContain(17, served);
        Assert.DoesNotContain(42, served);
        Assert.Equal(serving.Offline(Stranger, OnlineHistory.None, 10).Items, Run(strategy, set, Stranger, [], 10));
    }

    [Fact]
    public void TheReplayRunsFoldInWhenGivenAnAlsModelAndItsNumbersDoNotDependOnTheThreadCount()
    {
        var (test, train, set) = ReplayEvaluationTests.RandomData(listeners: 200, seed: 7);
        var serving = new ServingRecommender(set, new RecommendationOptions());
        var strategies = ReplayStrategies.Create(serving, Als(train));
        string Evaluate(int threads) => ReplayResultJson.SectionJson(ReplayEvaluation.Evaluate(
            test, train, set, strategies, new ReplayOptions { K = [5, 10], Threads = threads }, cancellationToken: TestContext.Current.CancellationToken));

        var one = Evaluate(1);

        Assert.Equal("foldin", strategies[^1].Name);
        Assert.DoesNotContain(ReplayStrategies.Create(serving), s => s.Name == "foldin");
        Assert.Contains("\"foldin\"", one, StringComparison.Ordinal);
        Assert.Equal(one, Evaluate(2));
    }

    [Fact]
    public void ReplayAlsReadsAlsModelBinAndTheTrainValuesAndIsAbsentWithoutIt()
    {
        using var directory = new TempDirectory();
        Assert.Null(ReplayAls.Load(directory.Path));
        var (_, train, _) = ReplayEvaluationTests.RandomData(listeners: 20, seed: 2);
        var als = Als(train);
        AlsModelFile.Save(directory.Combine(ArtifactFiles.AlsModel), als.FoldIn.Model, als.Users, als.Items);

        var loaded = ReplayAls.Load(directory.Path, new AlsFoldInOptions { EventWeight = 3, Values = InteractionValues.PlayCount });

        Assert.NotNull(loaded);
        Assert.Equal(als.Users.ExternalIds.ToArray(), loaded.Users.ExternalIds.ToArray());
        Assert.Equal(als.FoldIn.Model.ItemFactors.Data.ToArray(), loaded.FoldIn.Model.ItemFactors.Data.ToArray());
        Assert.Equal(3, loaded.FoldIn.Options.EventWeight);
        // Without a manifest saying otherwise the train values were binary (train's default).
        Assert.Equal(InteractionValues.Binary, loaded.FoldIn.Options.Values);
    }
}
