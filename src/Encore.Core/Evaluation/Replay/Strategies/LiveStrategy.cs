using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary>
/// <c>live</c>: request-time ranking as the service computes it for <c>kind=live</c> (<see cref="ILiveRecommender"/>:
/// fold-in, similar-to-session, offline and popular candidates scored by the live model). With nothing to rank the
/// list is the offline one.
/// </summary>
public sealed class LiveStrategy(ILiveRecommender live, ServingRecommender serving, string name = "live") : IReplayStrategy
{
    public string Name => name;

    public int Recommend(in ReplayRequest request, Span<int> destination)
    {
        var count = live.Recommend(request.User, request.Events, destination);
        return count > 0 ? count : ServedLists.CopyTo(serving.Offline(request.User, request.History, destination.Length), destination);
    }
}
