namespace Encore.Core.Evaluation.Replay;

/// <summary>
/// What a listener's replay looks like at checkpoint c (after their first c test listens): the online events the
/// service would hold, and the tracks the listener goes on to discover.
/// </summary>
public static class ReplayCheckpoints
{
    /// <summary>
    /// The events store's content after the first <paramref name="checkpoint"/> listens: the newest
    /// <paramref name="capacity"/> of them, newest first, repeats kept (the store keeps every put).
    /// </summary>
    /// <returns>How many were written into <paramref name="destination"/> (at least <c>min(c, capacity)</c> long).</returns>
    public static int History(ReadOnlySpan<int> listens, int checkpoint, int capacity, Span<long> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpoint);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(checkpoint, listens.Length);
        var count = Math.Min(checkpoint, capacity);
        for (var i = 0; i < count; i++)
        {
            destination[i] = listens[checkpoint - 1 - i];
        }

        return count;
    }

    /// <summary>
    /// The target at checkpoint c: the next <paramref name="size"/> distinct tracks, from listen c on, that are new to
    /// the listener — neither in their train history nor among their first c test listens — in listening order.
    /// </summary>
    /// <param name="listens">The listener's test listens in listening order.</param>
    /// <param name="checkpoint">c: how many listens have been replayed.</param>
    /// <param name="trainHeard">The listener's train items, ascending.</param>
    /// <param name="size">T: the most target tracks.</param>
    /// <param name="destination">Receives the target; at least <paramref name="size"/> long.</param>
    /// <returns>The target's size; 0 when nothing new follows (the checkpoint is skipped).</returns>
    public static int Target(ReadOnlySpan<int> listens, int checkpoint, ReadOnlySpan<int> trainHeard, int size, Span<int> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpoint);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(checkpoint, listens.Length);
        var replayed = listens[..checkpoint];
        var count = 0;
        for (var j = checkpoint; j < listens.Length && count < size; j++)
        {
            var item = listens[j];
            // Checkpoints stop at a small cap, so the replayed listens and the target are short: linear scans.
            if (trainHeard.BinarySearch(item) >= 0 || replayed.Contains(item) || destination[..count].Contains(item))
            {
                continue;
            }

            destination[count++] = item;
        }

        return count;
    }
}
