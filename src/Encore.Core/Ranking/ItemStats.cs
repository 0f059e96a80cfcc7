namespace Encore.Core.Ranking;

/// <summary>
/// Item popularity over a <see cref="ListeningHistory"/>: plays, distinct listeners, plays in the last window and
/// in the window before it, and the first day played, in arrays indexed by internal item id.
/// </summary>
public sealed class ItemStats
{
    private ItemStats(long[] plays, int[] listeners, int[] recent, int[] previous, int[] firstDay)
    {
        Plays = plays;
        Listeners = listeners;
        RecentPlays = recent;
        PreviousPlays = previous;
        FirstDay = firstDay;
    }

    public long[] Plays { get; }

    public int[] Listeners { get; }

    /// <summary>Plays in [end − window, end).</summary>
    public int[] RecentPlays { get; }

    /// <summary>Plays in [end − 2·window, end − window).</summary>
    public int[] PreviousPlays { get; }

    /// <summary>Day of the first play; <see cref="int.MaxValue"/> for an item never played.</summary>
    public int[] FirstDay { get; }

    /// <summary>Counts over <paramref name="history"/> with a recent window of <paramref name="windowDays"/> days.</summary>
    public static ItemStats From(ListeningHistory history, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowDays, 1);
        var n = history.ItemCount;
        var plays = new long[n];
        var listeners = new int[n];
        var recent = new int[n];
        var previous = new int[n];
        var first = new int[n];
        Array.Fill(first, int.MaxValue);
        var lastUser = new int[n];
        Array.Fill(lastUser, -1);
        var recentFrom = history.EndDay - windowDays;
        var previousFrom = recentFrom - windowDays;
        var items = history.AllItems;
        var days = history.AllDays;
        var offsets = history.Offsets;
        for (var u = 0; u < history.UserCount; u++)
        {
            for (var k = offsets[u]; k < offsets[u + 1]; k++)
            {
                var item = items[k];
                var day = days[k];
                plays[item]++;
                if (lastUser[item] != u)
                {
                    lastUser[item] = u;
                    listeners[item]++;
                }

                if (day >= recentFrom)
                {
                    recent[item]++;
                }
                else if (day >= previousFrom)
                {
                    previous[item]++;
                }

                first[item] = Math.Min(first[item], day);
            }
        }

        return new ItemStats(plays, listeners, recent, previous, first);
    }

    /// <summary>
    /// Recent plays against the window before, smoothed so a rarely played item is not a trend:
    /// (recent + 1) / (previous + 1).
    /// </summary>
    public float Trend(int item) => (RecentPlays[item] + 1f) / (PreviousPlays[item] + 1f);
}
