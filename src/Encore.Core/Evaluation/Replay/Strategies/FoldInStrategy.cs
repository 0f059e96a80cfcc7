using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary>
/// <c>foldin</c>: request-time ALS fold-in as the service computes it (<see cref="FoldInRecommender"/>): the listener's
/// vector from their train history (the model's training row) and the events the store holds, then their ALS top-k,
/// train items and events left out. Events of tracks the model does not know are skipped; with nothing to fold in the
/// list is the offline one.
/// </summary>
public sealed class FoldInStrategy(ReplayAls als, ServingRecommender serving, string name = "foldin") : IReplayStrategy
{
    private readonly FoldInRecommender _foldIn = new(als.FoldIn, als.Users, als.Items);

    public string Name => name;

    public int Recommend(in ReplayRequest request, Span<int> destination)
    {
        var count = _foldIn.Recommend(request.User, request.Events, destination);
        return count > 0 ? count : ServedLists.CopyTo(serving.Offline(request.User, request.History, destination.Length), destination);
    }
}
