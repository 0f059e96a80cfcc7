using Encore.Core.Artifacts;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Replay.Strategies;
using Encore.Core.Models.Als;
using Encore.Core.Randomness;
using Encore.Core.Serving;
using Encore.Core.Tests.Evaluation.Replay;
using Encore.Core.Tests.Models.Als;

namespace Encore.Core.Tests.Serving;

public sealed class FoldInRecommenderTests
{
    private const int Tracks = 300;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>An ALS model (binary values) over random train pairs, saved as als_model.bin in <paramref name="directory"/>.</summary>
    internal static UserLists WriteModel(TempDirectory directory, int listeners = 60, ulong seed = 11, int alsSeed = 3)
    {
        var (_, train, _) = ReplayEvaluationTests.RandomData(listeners, seed);
        var (model, users, items) = ReplayAlsFixture.Fit(train, Tracks, alsSeed);
        AlsModelFile.Save(directory.Combine(ArtifactFiles.AlsModel), model, users, items);
        return train;
    }

    private static FoldInRecommender Loaded(TempDirectory directory) =>
        ServingSetLoader.Load(directory.Path, null, ServingParts.FoldIn, Token).FoldIn ?? throw new InvalidOperationException("no fold-in");

    [Fact]
    public void TheServedListIsTheReplaysFoldInListForTheSameHistory()
    {
        using var directory = new TempDirectory();
        var train = WriteModel(directory);
        var served = Loaded(directory);
        var (_, _, set) = ReplayEvaluationTests.RandomData(listeners: 60, seed: 11);
        var strategy = new FoldInStrategy(ReplayAls.Load(directory.Path)!, new ServingRecommender(set, new RecommendationOptions()));
        var random = new SplitMix64(5);
        var compared = 0;
        // Known listeners and strangers (ids past the model's), with and without events, repeats and unknown tracks.
        for (var user = 1L; user <= 80; user++)
        {
            var events = new long[(int)random.NextBelow(11)];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = (long)random.NextBelow(Tracks + 20);
            }

            var k = 1 + (int)random.NextBelow(20);
            var list = served.Recommend(user, events, k);
            var request = new ReplayRequest(user, set.Offline.ItemsOf(user), events, OnlineHistory.From(events, 3));
            var replayed = new int[k];
            replayed = replayed[..strategy.Recommend(request, replayed)];

            if (list.Items.Length == 0)
            {
                // Nothing to fold in: the replay serves the offline list in its place.
                Assert.Equal(RecommendationSource.None, list.Source);
                Assert.Equal(new ServingRecommender(set, new RecommendationOptions()).Offline(user, request.History, k).Items, replayed);
                continue;
            }

            compared++;
            Assert.Equal(RecommendationSource.FoldIn, list.Source);
            Assert.Equal(replayed, list.Items);
            Assert.Empty(list.Items.Intersect(events.Select(e => (int)e)));
            if (user <= train.UserCount)
            {
                Assert.Empty(list.Items.Intersect(train.ItemsOf((int)user).ToArray()));
            }
        }

        Assert.True(compared > 50, $"only {compared} lists compared");
    }

    [Fact]
    public void TheServedListIsTheTopKOfTheClosedFormAlsUserStepOnTheSameItemFactors()
    {
        // Track and listener ids unlike the model's rows, so the id mapping is under test too.
        var board = AlsFixtures.CheckerboardWithDiagonalWithheld(16);
        var model = new AlsRecommender(AlsFixtures.Small(AlsSolverKind.Cholesky) with { Iterations = 10 });
        model.Fit(board, cancellationToken: Token);
        var users = IdMap.FromIds(Enumerable.Range(0, 16).Select(u => 500L + (3 * u)).ToArray());
        var items = IdMap.FromIds(Enumerable.Range(0, 16).Select(i => 9000L - (7 * i)).ToArray());
        var foldIn = new FoldInRecommender(new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.PlayCount, EventWeight = 1 }), users, items);
        var random = new SplitMix64(17);
        for (var round = 0; round < 30; round++)
        {
            var row = (int)random.NextBelow(17) - 1;
            var userId = row < 0 ? 42L : users.ToExternal(row);
            var eventRows = Enumerable.Range(0, 1 + (int)random.NextBelow(5)).Select(_ => (int)random.NextBelow(16)).ToArray();
            long[] events = [.. eventRows.Select(items.ToExternal)];
            const int K = 4;

            var list = foldIn.Recommend(userId, events, K);

            // The user step's problem: the train row's plays plus one play per event, every other item c = 1, p = 0.
            var values = new Dictionary<int, float>();
            if (row >= 0)
            {
                for (var j = 0; j < board.RowIndices(row).Length; j++)
                {
                    values[board.RowIndices(row)[j]] = board.RowValues(row)[j];
                }
            }

            foreach (var e in eventRows)
            {
                values[e] = values.GetValueOrDefault(e) + 1;
            }

            var x = AlsFoldInTests.ClosedForm(model, values);
            double Score(int itemRow) => Enumerable.Range(0, x.Length).Sum(j => x[j] * model.ItemFactors.Row(itemRow)[j]);
            var expected = Enumerable.Range(0, 16).Where(i => !values.ContainsKey(i)).OrderByDescending(Score).Take(K).ToArray();
            Assert.Equal(expected.Length, list.Items.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                // Position by position the same score (the order up to float near-ties), and never a heard track.
                var servedRow = items.ToInternal(list.Items[i]);
                Assert.False(values.ContainsKey(servedRow), $"round {round}: served heard track {list.Items[i]}");
                Assert.Equal(Score(expected[i]), Score(servedRow), 1e-4);
            }
        }
    }

    [Fact]
    public void AServedModelWhoseTrainValuesAreKeptOnceFoldsInAsTheFittedModelWithAValuePerCell()
    {
        using var directory = new TempDirectory();
        var (_, train, _) = ReplayEvaluationTests.RandomData(60, 11);
        var (fitted, users, items) = ReplayAlsFixture.Fit(train, Tracks, 3);
        AlsModelFile.Save(directory.Combine(ArtifactFiles.AlsModel), fitted, users, items);
        var served = Loaded(directory);
        Assert.True(served.FoldIn.Model.UserItems.HasUniformValues);
        Assert.False(fitted.UserItems.HasUniformValues);
        var reference = new FoldInRecommender(new AlsFoldIn(fitted, served.FoldIn.Options), users, items);
        var random = new SplitMix64(23);
        for (var user = 1L; user <= 80; user++)
        {
            var events = new long[(int)random.NextBelow(8)];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = (long)random.NextBelow(Tracks + 5);
            }

            var expected = reference.Recommend(user, events, 15);
            var actual = served.Recommend(user, events, 15);
            Assert.Equal(expected.Source, actual.Source);
            Assert.Equal(expected.Items, actual.Items);

            // The scores too, bit for bit.
            var rows = events.Where(e => e < Tracks).Select(e => (int)e).ToArray();
            var row = users.TryToInternal(user, out var known) ? known : -1;
            var (expectedItems, expectedScores) = (new int[15], new float[15]);
            var (actualItems, actualScores) = (new int[15], new float[15]);
            var count = reference.FoldIn.Recommend(row, rows, expectedItems, expectedScores, reference.FoldIn.CreateScratch());
            Assert.Equal(count, served.FoldIn.Recommend(row, rows, actualItems, actualScores, served.FoldIn.CreateScratch()));
            Assert.Equal(expectedItems, actualItems);
            Assert.Equal(expectedScores, actualScores);
        }
    }

    [Fact]
    public void AListenerTheModelDoesNotKnowIsFoldedInFromTheirEventsAlone()
    {
        using var directory = new TempDirectory();
        WriteModel(directory);
        var foldIn = Loaded(directory);
        const long Stranger = 10_000;
        // A track the model does not know is skipped, not an error.
        long[] events = [17, Tracks + 5, 42, 17];

        var list = foldIn.Recommend(Stranger, events, 10);

        Assert.Equal(RecommendationSource.FoldIn, list.Source);
        Assert.Equal(10, list.Items.Length);
        Assert.DoesNotContain(17, list.Items);
        Assert.DoesNotContain(42, list.Items);
        // Only the events count: any other stranger with the same events gets the same list.
        Assert.Equal(list.Items, foldIn.Recommend(Stranger + 1, [42, 17], 10).Items);
    }

    [Fact]
    public void AStrangerWithoutEventsTheModelKnowsGetsAnEmptyListThatSaysNothingWasFoldedIn()
    {
        using var directory = new TempDirectory();
        WriteModel(directory);
        var foldIn = Loaded(directory);

        Assert.Equal(RecommendationSource.None, foldIn.Recommend(10_000, [], 5).Source);
        Assert.Empty(foldIn.Recommend(10_000, [], 5).Items);
        Assert.Empty(foldIn.Recommend(10_000, [Tracks + 1, Tracks + 2], 5).Items);
        // A listener the model knows is folded in from their train history alone.
        Assert.Equal(5, foldIn.Recommend(1, [], 5).Items.Length);
    }

    [Fact]
    public void ARequestAllocatesOnlyItsAnswerOnceThePoolIsWarm()
    {
        using var directory = new TempDirectory();
        WriteModel(directory);
        var foldIn = Loaded(directory);
        long[] events = [17, 42, 99, 17, Tracks + 5];
        var destination = new int[10];
        long Requests()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var user = 1L; user <= 80; user++)
            {
                foldIn.Recommend(user, user % 2 == 0 ? events : events.AsSpan(0, 2), destination);
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // The first round warms the pool, the scratch's buffers and whatever the runtime sets up on a first call.
        Requests();

        Assert.Equal(0, Requests());
    }

    [Fact]
    public void FoldInLoadsOnlyWhenAskedForAndIsTimedAsAPartOfTheLoad()
    {
        using var directory = new TempDirectory();
        WriteModel(directory);

        var without = ServingSetLoader.Load(directory.Path, null, ServingParts.None, Token);
        var with = ServingSetLoader.Load(directory.Path, null, ServingParts.FoldIn, Token);

        Assert.False(ServingParts.All.HasFlag(ServingParts.FoldIn));
        Assert.Null(without.FoldIn);
        Assert.Null(without.FoldInFile);
        Assert.DoesNotContain("foldin", without.PartSeconds.Keys);
        Assert.NotNull(with.FoldIn);
        Assert.Equal(directory.Combine(ArtifactFiles.AlsModel), with.FoldInFile);
        Assert.Contains("foldin", with.PartSeconds.Keys);
        // The item factors are the trained ones, bit for bit.
        var (model, _, _) = AlsModelFile.Load(directory.Combine(ArtifactFiles.AlsModel));
        Assert.Equal(model.ItemFactors.Data.ToArray(), with.FoldIn.FoldIn.Model.ItemFactors.Data.ToArray());
        Assert.Equal(InteractionValues.Binary, with.FoldIn.FoldIn.Options.Values);
    }

    [Fact]
    public void ASetWithoutAnAlsModelLoadsWithoutFoldInAndABrokenOneFailsTheLoadNamingTheFile()
    {
        using var directory = new TempDirectory();

        Assert.Null(ServingSetLoader.Load(directory.Path, null, ServingParts.FoldIn, Token).FoldIn);

        File.WriteAllText(directory.Combine(ArtifactFiles.AlsModel), "not a model");
        var error = Assert.Throws<EncoreException>(() => ServingSetLoader.Load(directory.Path, null, ServingParts.FoldIn, Token));
        Assert.Contains(ArtifactFiles.AlsModel, error.Message, StringComparison.Ordinal);
    }
}
