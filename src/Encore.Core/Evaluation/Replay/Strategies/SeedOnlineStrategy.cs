using Encore.Core.Models.Similar;
using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary>
/// <c>seed_online</c>: the predecessor's <c>/recommendations_online</c> (docs/seed.md §6.2): the similar tracks of the 3
/// newest events, all pairs sorted by score descending (stably, so ties keep the newer event's first), the first
/// occurrence of each track kept — the max score — and nothing excluded: the events themselves and heard tracks can
/// come back.
/// </summary>
public sealed class SeedOnlineStrategy(ServingSet set) : IReplayStrategy
{
    /// <summary>The seed asked the events service for the newest 3.</summary>
    public const int Events = 3;

    public string Name => "seed_online";

    public int Recommend(in ReplayRequest request, Span<int> destination) =>
        Recommend(set.Similar, request.Events, destination);

    /// <summary>The seed's online list for <paramref name="newestFirst"/> events, into <paramref name="destination"/>.</summary>
    public static int Recommend(SimilarItemsIndex similar, ReadOnlySpan<long> newestFirst, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(similar);
        var events = newestFirst[..Math.Min(Events, newestFirst.Length)];
        var pairs = new List<(int Item, double Score)>(events.Length * Math.Max(1, similar.MaxNeighbours));
        foreach (var id in events)
        {
            var index = id is >= int.MinValue and <= int.MaxValue ? similar.IndexOf((int)id) : -1;
            if (index < 0)
            {
                continue;
            }

            var neighbours = similar.Neighbours(index);
            var scores = similar.Scores(index);
            for (var p = 0; p < neighbours.Length; p++)
            {
                pairs.Add((neighbours[p], scores[p]));
            }
        }

        // Python's sort is stable: equal scores keep their concatenation order. List.Sort is not, so the position
        // breaks ties.
        var order = new int[pairs.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => pairs[a].Score != pairs[b].Score ? pairs[b].Score.CompareTo(pairs[a].Score) : a.CompareTo(b));
        var count = 0;
        foreach (var i in order)
        {
            if (count == destination.Length)
            {
                break;
            }

            if (!destination[..count].Contains(pairs[i].Item))
            {
                destination[count++] = pairs[i].Item;
            }
        }

        return count;
    }
}
