using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary>
/// <c>blended</c>: the service's <c>kind=blended</c> (and the seed API's <c>/recommendations</c>): the offline and
/// online lists through <see cref="ServingRecommender.Blend"/> (<see cref="Blending.OnlineOfflineBlender"/>), as
/// RecommendationService composes them.
/// </summary>
public sealed class BlendedStrategy(ServingRecommender serving) : IReplayStrategy
{
    public string Name => "blended";

    public int Recommend(in ReplayRequest request, Span<int> destination)
    {
        var k = destination.Length;
        var blend = ServingRecommender.Blend(serving.Offline(request.User, request.History, k), serving.Online(request.History, k), k);
        return ServedLists.CopyTo(blend, destination);
    }
}
