using Encore.Core.Ranking.Live;

namespace Encore.Core.Tests.Ranking.Live;

public sealed class LiveTrainingRowsTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    // Every checkpoint and every candidate kept, so rows can be compared one for one.
    private static readonly LiveOptions AllRows = LiveFixture.Live with { CheckpointsPerUser = 100, NegativesPerPositive = 10_000 };

    private LiveRecommender Load() =>
        LiveRecommender.Load(fixture.Artifacts, cancellationToken: TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException("The fixture's set has no live ranker.");

    /// <summary>The served set's engine with <see cref="AllRows"/>' sampling (the candidate counts are the model's).</summary>
    private static LiveEngine Engine(LiveRecommender live, LiveOptions options) =>
        new(live.Engine.FoldIn, live.Engine.Similar, live.Engine.Popular, live.Engine.Features.Artists, live.Engine.Features.Genres, options);

    /// <summary>Listener <paramref name="index"/>'s offline list in internal ids, and a session: 3 unheard tracks, then their offline list's first 4.</summary>
    private static (int[] Offline, int[] Prefix) Session(LiveRecommender live, int index)
    {
        var user = live.Users.ToExternal(index);
        var offline = live.Offline.ItemsOf(user).ToArray().Select(i => live.Items.ToInternal(i)).ToArray();
        var heard = live.Engine.TrainItems(index).ToArray();
        var prefix = Enumerable.Range(0, live.Engine.Items)
            .Where(i => Array.BinarySearch(heard, i) < 0 && !offline.Contains(i)).Skip(10 * index).Take(3).ToArray();
        return (offline, prefix);
    }

    [Fact]
    public void TheRequestTimeAndTrainingFeaturesOfTheSameListenerAndHistoryAreEqual()
    {
        var live = Load();
        var engine = Engine(live, AllRows);
        var compared = 0;
        for (var index = 0; index < 5; index++)
        {
            var (offline, prefix) = Session(live, index);
            int[] listens = [.. prefix, .. offline[..4]];
            var groups = new LiveTrainingRows(engine).Rows(index, listens, offline, engine.CreateWorking());
            Assert.NotEmpty(groups);
            foreach (var group in groups.Where(g => g.Items.Length > 0))
            {
                // What the service is asked after `Checkpoint` listens: the newest of them, newest first, in track ids.
                var events = listens[..group.Checkpoint].Reverse().Take(AllRows.StoredEvents).Select(i => live.Items.ToExternal(i)).ToArray();
                var served = live.Explain(live.Users.ToExternal(index), events, 1000).Items.ToDictionary(i => i.ItemId);
                var columns = live.FeatureNames.Count;
                for (var r = 0; r < group.Items.Length; r++)
                {
                    var request = served[(int)live.Items.ToExternal(group.Items[r])].Features;
                    var row = group.Features.AsSpan(r * request.Length, request.Length).ToArray();
                    Assert.Equal(columns, row.Length);
                    Assert.Equal(request, row);
                    compared++;
                }
            }
        }

        Assert.True(compared > 100, $"only {compared} rows compared");
    }

    [Fact]
    public void ARowsFeaturesUseOnlyTheListensBeforeItsCheckpointAndItsLabelsOnlyTheListensAfter()
    {
        var live = Load();
        var engine = Engine(live, AllRows);
        var (offline, prefix) = Session(live, 2);
        // Two sessions that share their first three listens and then go different ways.
        int[] first = [.. prefix, offline[0], offline[1], offline[2], offline[3]];
        int[] second = [.. prefix, offline[4], offline[5], offline[6], offline[7]];

        var a = new LiveTrainingRows(engine).Rows(2, first, offline, engine.CreateWorking()).ToDictionary(g => g.Checkpoint);
        var b = new LiveTrainingRows(engine).Rows(2, second, offline, engine.CreateWorking()).ToDictionary(g => g.Checkpoint);

        // Checkpoints 0..3 have seen only the shared listens: the same candidates with the same features...
        for (var c = 0; c <= 3; c++)
        {
            Assert.Equal(a[c].Items, b[c].Items);
            Assert.Equal(a[c].Features, b[c].Features);
            // ...labelled by what each session plays next.
            Assert.Equal(a[c].Items.Select(i => first.AsSpan(c).Contains(i) ? 1f : 0f), a[c].Labels);
            Assert.Equal(b[c].Items.Select(i => second.AsSpan(c).Contains(i) ? 1f : 0f), b[c].Labels);
            Assert.NotEqual(a[c].Labels, b[c].Labels);
        }

        // Checkpoint 4 has heard the first listen after the prefix: it is no candidate, and the rows differ.
        Assert.DoesNotContain(first[3], a[4].Items);
        Assert.NotEqual(a[4].Features, b[4].Features);
    }
}
