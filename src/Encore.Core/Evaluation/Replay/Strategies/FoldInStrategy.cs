using System.Collections.Concurrent;
using Encore.Core.Models.Als;
using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary>
/// <c>foldin</c>: request-time ALS fold-in (<see cref="AlsFoldIn"/>): the listener's vector from their train history
/// (the model's training row) and the events the store holds, then their ALS top-k, train items and events left out.
/// Events of tracks the model does not know are skipped; with nothing to fold in the list is the offline one.
/// </summary>
public sealed class FoldInStrategy(ReplayAls als, ServingRecommender serving, string name = "foldin") : IReplayStrategy
{
    // One working set per concurrent call, reused: a call allocates nothing once the pool is warm.
    private readonly ConcurrentBag<Working> _pool = [];

    public string Name => name;

    public int Recommend(in ReplayRequest request, Span<int> destination)
    {
        if (!_pool.TryTake(out var working))
        {
            working = new Working(als.FoldIn.CreateScratch());
        }

        try
        {
            var k = destination.Length;
            working.Reserve(request.Events.Length, k);
            var events = 0;
            foreach (var id in request.Events)
            {
                if (als.Items.TryToInternal(id, out var row))
                {
                    working.Events[events++] = row;
                }
            }

            var user = als.Users.TryToInternal(request.User, out var u) ? u : -1;
            var count = als.FoldIn.Recommend(
                user, working.Events.AsSpan(0, events), working.Items.AsSpan(0, k), working.Scores.AsSpan(0, k), working.Scratch);
            if (count == 0)
            {
                return ServedLists.CopyTo(serving.Offline(request.User, request.History, k), destination);
            }

            for (var i = 0; i < count; i++)
            {
                destination[i] = checked((int)als.Items.ToExternal(working.Items[i]));
            }

            return count;
        }
        finally
        {
            _pool.Add(working);
        }
    }

    private sealed class Working(AlsFoldInScratch scratch)
    {
        public AlsFoldInScratch Scratch { get; } = scratch;

        public int[] Events { get; private set; } = new int[16];

        public int[] Items { get; private set; } = new int[16];

        public float[] Scores { get; private set; } = new float[16];

        public void Reserve(int events, int k)
        {
            if (Events.Length < events)
            {
                Events = new int[events];
            }

            if (Items.Length < k)
            {
                Items = new int[k];
                Scores = new float[k];
            }
        }
    }
}
