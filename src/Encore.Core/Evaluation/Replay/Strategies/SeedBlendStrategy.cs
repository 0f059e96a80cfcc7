using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary>
/// <c>seed_blend</c>: the predecessor's <c>/recommendations</c> (docs/seed.md §6.2): its offline list (the personal list,
/// or top-popular without one, first k, nothing excluded) and its online list (<see cref="SeedOnlineStrategy"/>)
/// interleaved — offline at the even positions, online at the odd ones, for twice the shorter list's length — then
/// the longer list's tail appended, and only then de-duplicated and cut to k. A duplicate is dropped without a
/// refill, so the list can be shorter than k.
/// </summary>
public sealed class SeedBlendStrategy(ServingSet set) : IReplayStrategy
{
    public string Name => "seed_blend";

    public int Recommend(in ReplayRequest request, Span<int> destination)
    {
        var k = destination.Length;
        var personal = request.Offline.IsEmpty ? set.TopPopular : request.Offline;
        var offline = personal[..Math.Min(k, personal.Length)];
        var online = new int[k];
        var onlineCount = SeedOnlineStrategy.Recommend(set.Similar, request.Events, online);
        return Blend(offline, online.AsSpan(0, onlineCount), destination);
    }

    /// <summary>The seed's blend of two lists into <paramref name="destination"/> (its length is k).</summary>
    public static int Blend(ReadOnlySpan<int> offline, ReadOnlySpan<int> online, Span<int> destination)
    {
        var shorter = Math.Min(offline.Length, online.Length);
        var interleaved = new List<int>(offline.Length + online.Length);
        for (var i = 0; i < shorter; i++)
        {
            interleaved.Add(offline[i]);
            interleaved.Add(online[i]);
        }

        var tail = offline.Length > shorter ? offline[shorter..] : online[shorter..];
        foreach (var item in tail)
        {
            interleaved.Add(item);
        }

        var count = 0;
        foreach (var item in interleaved)
        {
            if (count == destination.Length)
            {
                break;
            }

            if (!destination[..count].Contains(item))
            {
                destination[count++] = item;
            }
        }

        return count;
    }
}
