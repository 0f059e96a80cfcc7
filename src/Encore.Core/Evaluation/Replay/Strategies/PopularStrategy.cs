using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary><c>popular</c>: the service's <c>kind=popular</c>, the top-popular chart minus the tracks heard online.</summary>
public sealed class PopularStrategy(ServingRecommender serving) : IReplayStrategy
{
    public string Name => "popular";

    public int Recommend(in ReplayRequest request, Span<int> destination) =>
        ServedLists.CopyTo(serving.Popular(request.History, destination.Length), destination);
}
