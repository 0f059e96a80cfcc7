using Encore.Core.Evaluation.Replay.Strategies;
using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay;

/// <summary>The strategies a replay compares, in report order. A new strategy is one class and one line here.</summary>
public static class ReplayStrategies
{
    /// <summary>
    /// Every strategy, over the serving set and options of <paramref name="serving"/>; <c>foldin</c> only with an ALS
    /// model (<paramref name="als"/>), <c>live</c> only with a live ranker (<paramref name="live"/>).
    /// </summary>
    public static IReadOnlyList<IReplayStrategy> Create(ServingRecommender serving, ReplayAls? als = null, ILiveRecommender? live = null)
    {
        ArgumentNullException.ThrowIfNull(serving);
        return
        [
            new PopularStrategy(serving),
            new OfflineStrategy(serving),
            new OnlineStrategy(serving),
            new SeedOnlineStrategy(serving.Set),
            new SeedBlendStrategy(serving.Set),
            new BlendedStrategy(serving),
            .. als is null ? Array.Empty<IReplayStrategy>() : [new FoldInStrategy(als, serving)],
            .. live is null ? Array.Empty<IReplayStrategy>() : [new LiveStrategy(live, serving)],
        ];
    }
}
