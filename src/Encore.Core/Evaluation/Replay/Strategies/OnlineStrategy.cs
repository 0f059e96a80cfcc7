using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary>
/// <c>online</c>: the service's <c>kind=online</c>, the similar tracks of the newest events merged by the configured
/// rule, without the events and every heard track.
/// </summary>
public sealed class OnlineStrategy(ServingRecommender serving) : IReplayStrategy
{
    public string Name => "online";

    public int Recommend(in ReplayRequest request, Span<int> destination) =>
        ServedLists.CopyTo(serving.Online(request.History, destination.Length), destination);
}
