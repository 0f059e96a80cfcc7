using Encore.Core.Artifacts;
using Encore.Core.Models.Als;
using Encore.Core.Ranking;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Ranking.Live;
using Encore.Core.Serving;
using Encore.Core.Tests.Models.Als;

namespace Encore.Core.Tests.Ranking.Live;

public sealed class LiveRecommenderTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    private LiveRecommender Load() =>
        LiveRecommender.Load(fixture.Artifacts, cancellationToken: TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException("The fixture's set has no live ranker.");

    /// <summary>A listener the model knows with an offline list, and tracks they never heard (catalogue order).</summary>
    private static (long User, int[] Unheard) Listener(LiveRecommender live, int index)
    {
        var user = live.Users.ToExternal(index);
        var heard = live.Engine.TrainItems(index).ToArray();
        var unheard = Enumerable.Range(0, live.Engine.Items).Where(i => Array.BinarySearch(heard, i) < 0)
            .Select(i => (int)live.Items.ToExternal(i)).ToArray();
        return (user, unheard);
    }

    [Fact]
    public void TrainingTheLiveRankerWritesItsModelAndOptionsIntoTheSetAndManifest()
    {
        var manifest = Manifest.Read(Path.Combine(fixture.Artifacts, ArtifactFiles.Manifest));
        Assert.Equal(
            [ArtifactFiles.Recommendations, ArtifactFiles.RankerModel, ArtifactFiles.RankerJson, ArtifactFiles.LiveModel, ArtifactFiles.LiveRankerJson],
            manifest.Artifacts.Select(a => a.File).TakeLast(5));
        Assert.Equal(LiveFixture.Live, LiveRankerJson.ReadOptions(Path.Combine(fixture.Artifacts, ArtifactFiles.LiveRankerJson)));
        Assert.Equal(Load().FeatureNames, Load().Model.FeatureNames);
    }

    [Fact]
    public void ANewEventChangesTheLiveListAndIsNeverServedBack()
    {
        var live = Load();
        var changed = 0;
        for (var index = 0; index < 20; index++)
        {
            var (user, unheard) = Listener(live, index);
            var before = live.Recommend(user, [], 10);
            var played = unheard[(index * 37) % unheard.Length];
            var after = live.Recommend(user, [played], 10);

            Assert.Equal(RecommendationSource.Live, after.Source);
            Assert.Equal(10, after.Items.Length);
            Assert.DoesNotContain(played, after.Items);
            changed += before.Items.SequenceEqual(after.Items) ? 0 : 1;
        }

        // One played track moves the fold-in vector, adds its similar tracks and artist, and sets the session features.
        Assert.Equal(20, changed);
    }

    [Fact]
    public void BeforeTheFirstEventAListenerWithAnOfflineListGetsNothingRankedAndTheCallerServesThatListButExplainStillRanks()
    {
        var live = Load();
        var (user, unheard) = Listener(live, 4);
        Assert.False(live.Offline.ItemsOf(user).IsEmpty);

        Assert.Equal(0, live.Recommend(user, [], new int[10]));
        Assert.Equal(RecommendationSource.None, live.Recommend(user, [], 10).Source);
        // Explanations still get the live model's view of the batch list's tracks.
        Assert.Equal(10, live.Explain(user, [], 10).Items.Count);
        // A listener with no offline list is still ranked from the train row alone, and anyone once they listen.
        Assert.Equal(10, live.Recommend(-1, [unheard[0]], 10).Items.Length);
        Assert.Equal(RecommendationSource.Live, live.Recommend(user, [unheard[0]], 10).Source);
    }

    [Fact]
    public void ExplainGivesTheServedListWithEachTracksSourcesAndFeatureVector()
    {
        var live = Load();
        var (user, unheard) = Listener(live, 3);
        long[] events = [unheard[5], unheard[50]];

        var served = live.Recommend(user, events, 10);
        var explained = live.Explain(user, events, 10);

        Assert.Equal(served.Items, explained.Items.Select(i => i.ItemId));
        Assert.Equal(live.FeatureNames, explained.FeatureNames);
        Assert.All(explained.Items, item =>
        {
            Assert.NotEmpty(item.Sources);
            Assert.All(item.Sources, source => Assert.Contains(source, LiveRecommender.SourceNames));
            Assert.Equal(explained.FeatureNames.Count, item.Features.Length);
            Assert.Equal(2f, item.Features[explained.FeatureNames.ToList().IndexOf("session_events")]);
        });
        Assert.True(explained.Items.Zip(explained.Items.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void StagedScoringServesExactlyTheListsAndScoresOfScoringEveryCandidateThroughEveryTree()
    {
        var staged = Load();
        staged.Shortlist = 0;
        var full = Load();
        full.Shortlist = -1;
        for (var index = 0; index < 40; index++)
        {
            var (user, unheard) = Listener(staged, index);
            long[] events = [.. Enumerable.Range(0, index % 6).Select(e => (long)unheard[((index * 31) + (e * 7)) % unheard.Length])];
            foreach (var k in new[] { 1, 5, 10 })
            {
                Assert.Equal(full.Recommend(user, events, k).Items, staged.Recommend(user, events, k).Items);
                Assert.Equal(
                    full.Explain(user, events, k).Items.Select(i => (i.ItemId, i.Score)),
                    staged.Explain(user, events, k).Items.Select(i => (i.ItemId, i.Score)));
            }
        }
    }

    [Fact]
    public void TheServedSetRanksAsTheSameModelWithATrainValuePerCellAndSimilarTracksOfTheirOwn()
    {
        var token = TestContext.Current.CancellationToken;
        var set = ServingSetLoader.Load(fixture.Artifacts, null, ServingParts.All | ServingParts.Live, LiveRecommender.Loader, token);
        var served = (LiveRecommender)set.Live!;
        var foldIn = set.FoldIn!;
        Assert.True(foldIn.FoldIn.Model.UserItems.HasUniformValues);
        // The reference: a value per train cell, as the fit held them, and similar tracks copied into internal ids.
        var kept = new FoldInRecommender(
            new AlsFoldIn(AlsModelValuesTests.WithEveryValue(foldIn.FoldIn.Model), foldIn.FoldIn.Options), foldIn.Users, foldIn.Items);
        var reference = LiveRecommender.Load(fixture.Artifacts, foldIn: kept, cancellationToken: token)!;
        var copied = SimilarIndexes.Copied(set.Similar, foldIn.Items);
        Assert.Equal(copied.Items.ToArray(), served.Engine.Similar.Items.ToArray());
        for (var i = 0; i < copied.ItemCount; i++)
        {
            Assert.Equal(copied.Neighbours(i).ToArray(), served.Engine.Similar.Neighbours(i).ToArray());
            Assert.Equal(copied.Scores(i).ToArray(), served.Engine.Similar.Scores(i).ToArray());
        }

        for (var index = 0; index < 30; index++)
        {
            var (user, unheard) = Listener(served, index);
            long[][] sessions = [[], [unheard[index]], [unheard[3 * index], unheard[index + 7], unheard[3 * index]]];
            foreach (var events in sessions)
            {
                var expected = reference.Explain(user, events, 10);
                var actual = served.Explain(user, events, 10);
                Assert.Equal(expected.Items.Select(i => i.ItemId), actual.Items.Select(i => i.ItemId));
                Assert.Equal(expected.Items.Select(i => i.Score), actual.Items.Select(i => i.Score));
                Assert.Equal(expected.Items.SelectMany(i => i.Features), actual.Items.SelectMany(i => i.Features));
                Assert.Equal(reference.Recommend(user, events, 10).Items, served.Recommend(user, events, 10).Items);
            }
        }
    }

    [Fact]
    public void WithTheDefaultShortlistEveryServedTrackHasItsFullScoreAndTheListIsRankedByThem()
    {
        var shortlisted = Load();
        Assert.Equal(StagedScoring.DefaultShortlist, shortlisted.Shortlist);
        var full = Load();
        full.Shortlist = -1;
        for (var index = 0; index < 40; index++)
        {
            var (user, unheard) = Listener(shortlisted, index);
            long[] events = [unheard[(index * 13) % unheard.Length], unheard[(index * 29) % unheard.Length]];
            // Every candidate's full score; the served tracks must carry theirs exactly.
            var everything = full.Explain(user, events, full.MaxCandidates).Items.ToDictionary(i => i.ItemId, i => i.Score);
            var served = shortlisted.Explain(user, events, 10).Items;

            Assert.Equal(shortlisted.Recommend(user, events, 10).Items, served.Select(i => i.ItemId));
            Assert.All(served, item => Assert.Equal(everything[item.ItemId], item.Score));
            Assert.True(served.Zip(served.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        }
    }

    [Fact]
    public void WithoutTheLiveModelOrTheAlsModelTheLoaderReturnsNullAndTheSetHasNoLiveRanker()
    {
        using var dir = new TempDirectory();
        var artifacts = fixture.CopyArtifacts(dir);
        Assert.NotNull(LiveRecommender.Load(artifacts, cancellationToken: TestContext.Current.CancellationToken));
        Assert.NotNull(ServingSetLoader.Load(artifacts, null, ServingParts.All | ServingParts.Live, LiveRecommender.Loader, TestContext.Current.CancellationToken).Live);

        File.Delete(Path.Combine(artifacts, ArtifactFiles.LiveModel));
        Assert.Null(LiveRecommender.Load(artifacts, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Null(ServingSetLoader.Load(artifacts, null, ServingParts.All | ServingParts.Live, LiveRecommender.Loader, TestContext.Current.CancellationToken).Live);

        using var other = new TempDirectory();
        var withoutAls = fixture.CopyArtifacts(other);
        File.Delete(Path.Combine(withoutAls, ArtifactFiles.AlsModel));
        Assert.Null(LiveRecommender.Load(withoutAls, cancellationToken: TestContext.Current.CancellationToken));
    }
}
