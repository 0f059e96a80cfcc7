using Encore.Core.Evaluation.Offline;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Replay.Strategies;
using Encore.Core.Ranking.Live;
using Encore.Core.Serving;
using Encore.Core.Tests.Ranking.Live;

namespace Encore.Core.Tests.Evaluation.Replay;

public sealed class LiveStrategyTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    [Fact]
    public void TheReplayRunsTheLiveStrategyOnAGeneratedSetAndServesTheLiveRecommendersLists()
    {
        var inputs = EvaluationInputs.Load(fixture.Data, TestContext.Current.CancellationToken);
        var options = new ReplayOptions { K = [10], Users = 150, Checkpoints = 5 };

        var report = ReplayRun.Evaluate(inputs, fixture.Artifacts, options, cancellationToken: TestContext.Current.CancellationToken);

        var result = report.Result;
        Assert.Equal("live", result.Strategies[^1].Strategy);
        Assert.True(result.Mean("live", "ndcg@10") is > 0 and <= 1);
        Assert.True(result.Curve("live", "ndcg@10").Take(2).All(double.IsFinite));

        // The strategy's list is the Core type's, the one the service serves for kind=live.
        var live = LiveRecommender.Load(fixture.Artifacts, cancellationToken: TestContext.Current.CancellationToken)!;
        var set = ServingSetLoader.Load(fixture.Artifacts, null, ServingParts.Recommendations | ServingParts.Similar, TestContext.Current.CancellationToken);
        var strategy = new LiveStrategy(live, new ServingRecommender(set, options.Serving));
        var user = set.Offline.Users[0];
        long[] events = [set.TopPopular[3], set.TopPopular[7]];
        var destination = new int[10];
        var count = strategy.Recommend(new ReplayRequest(user, set.Offline.ItemsOf(user), events, OnlineHistory.From(events, 3)), destination);
        Assert.Equal(live.Recommend(user, events, 10).Items, destination[..count]);
    }
}
