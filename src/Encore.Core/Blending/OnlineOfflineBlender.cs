namespace Encore.Core.Blending;

/// <summary>
/// Interleaves a listener's offline list (long-term taste) with the online one (what they just played): offline at
/// the even positions 0, 2, 4…, online at the odd ones, no item twice, and when one list runs out the other fills
/// the remaining positions up to k. docs/blending.md explains the choice. The service calls this through
/// ServingRecommender.Blend, and so does the replay evaluation's <c>blended</c> strategy (<c>encore evaluate --protocol
/// replay</c>, or <c>evaluate.replay</c> in the pipeline), so what replay measures is what is served; the seed and
/// standard protocols score offline lists only and never blend.
/// </summary>
/// <remarks>
/// The seed (docs/seed.md §6.2) interleaved first and de-duplicated afterwards, so a duplicate shifted every later
/// item to the other parity and the list could end up shorter than k although candidates were left. Here a
/// duplicate is skipped before it takes a position: the position goes to the same list's next item.
/// </remarks>
public static class OnlineOfflineBlender
{
    /// <summary>Writes the blend of <paramref name="offline"/> and <paramref name="online"/> into <paramref name="destination"/>.</summary>
    /// <param name="offline">Offline recommendations, best first.</param>
    /// <param name="online">Online recommendations, best first.</param>
    /// <param name="destination">Receives up to its length items; its length is k.</param>
    /// <returns>How many items were written: k, or fewer when both lists together hold fewer distinct items.</returns>
    public static int Blend(ReadOnlySpan<int> offline, ReadOnlySpan<int> online, Span<int> destination)
    {
        var count = 0;
        var nextOffline = 0;
        var nextOnline = 0;
        while (count < destination.Length && (nextOffline < offline.Length || nextOnline < online.Length))
        {
            // k ≤ a few hundred, so a linear scan of what is already chosen beats a hash set.
            var takeOffline = nextOnline >= online.Length || (count % 2 == 0 && nextOffline < offline.Length);
            var item = takeOffline ? offline[nextOffline++] : online[nextOnline++];
            if (!destination[..count].Contains(item))
            {
                destination[count++] = item;
            }
        }

        return count;
    }
}
