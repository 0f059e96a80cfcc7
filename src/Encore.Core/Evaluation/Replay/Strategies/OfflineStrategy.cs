using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary>
/// <c>offline</c>: the service's <c>kind=offline</c>, the static personal list (top-popular without one) minus the
/// tracks heard online.
/// </summary>
public sealed class OfflineStrategy(ServingRecommender serving) : IReplayStrategy
{
    public string Name => "offline";

    public int Recommend(in ReplayRequest request, Span<int> destination) =>
        ServedLists.CopyTo(serving.Offline(request.User, request.History, destination.Length), destination);
}
