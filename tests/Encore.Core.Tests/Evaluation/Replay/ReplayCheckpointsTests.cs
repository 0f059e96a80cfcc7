using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Replay;

namespace Encore.Core.Tests.Evaluation.Replay;

public sealed class ReplayCheckpointsTests
{
    [Fact]
    public void TheHistoryIsTheNewestNReplayedListensNewestFirstWithRepeats()
    {
        int[] listens = [1, 2, 3, 2, 5, 6];
        var history = new long[3];

        Assert.Equal(0, ReplayCheckpoints.History(listens, 0, 3, history));
        Assert.Equal(2, ReplayCheckpoints.History(listens, 2, 3, history));
        Assert.Equal([2L, 1], history[..2]);
        Assert.Equal(3, ReplayCheckpoints.History(listens, 5, 3, history));
        Assert.Equal([5L, 2, 3], history);
    }

    [Fact]
    public void TheTargetIsTheNextNewTracksWithoutTrainOrReplayedTracksOrRepeats()
    {
        int[] listens = [10, 11, 12, 11, 13, 13, 10, 14, 15];
        var target = new int[3];

        // From listen 2 on: 12 is a train track, 11 and 10 were replayed, the second 13 repeats the first.
        var count = ReplayCheckpoints.Target(listens, 2, [12], 3, target);

        Assert.Equal([13, 14, 15], target[..count]);
    }

    [Fact]
    public void TheTargetStopsAtTSize()
    {
        var target = new int[2];
        Assert.Equal(2, ReplayCheckpoints.Target([1, 2, 3, 4], 0, [], 2, target));
        Assert.Equal([1, 2], target);
    }

    [Fact]
    public void TheTargetIsEmptyWhenOnlyKnownTracksFollow()
    {
        Assert.Equal(0, ReplayCheckpoints.Target([7, 8, 7, 9], 2, [9], 5, new int[5]));
    }

    [Fact]
    public void CheckpointsWithoutATargetAreSkippedAndCIsCapped()
    {
        // Listener 5: after 3 listens only re-listens follow (c = 3…5 skipped); listener 6 is cut at c = 2.
        var listeners = ReplayListeners.FromSequences([(5, [1, 2, 3, 1, 2, 3]), (6, [4, 5, 6, 7, 8])]);
        var train = UserLists.FromPairs([5, 6], [9, 9]);

        var cases = ReplayCases.Build(listeners, train, new ReplayOptions { Checkpoints = 2, Target = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal([0, 1, 2, 0, 1, 2], cases.Checkpoint);
        Assert.Equal([0, 3, 6], cases.ListenerStart);
        Assert.Equal([1, 2], cases.Targets.Items(0).ToArray());
        Assert.Equal([3], cases.Targets.Items(2).ToArray());
        Assert.Equal([6, 7], cases.Targets.Items(5).ToArray());

        var uncapped = ReplayCases.Build(listeners, train, new ReplayOptions { Checkpoints = 20, Target = 2 }, TestContext.Current.CancellationToken);
        Assert.Equal([0, 1, 2, 0, 1, 2, 3, 4], uncapped.Checkpoint);
    }
}
