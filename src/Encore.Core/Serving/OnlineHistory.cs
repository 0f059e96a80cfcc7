namespace Encore.Core.Serving;

/// <summary>
/// A listener's online events as serving needs them: the newest few that online recommendations start from, and every
/// stored event, sorted, to leave out of all lists (tracks they have just heard).
/// </summary>
public sealed class OnlineHistory
{
    private OnlineHistory(int[] recent, int[] heard)
    {
        Recent = recent;
        Heard = heard;
    }

    /// <summary>No events.</summary>
    public static OnlineHistory None { get; } = new([], []);

    /// <summary>The newest events, newest first.</summary>
    public int[] Recent { get; }

    /// <summary>Every event's item, ascending and distinct.</summary>
    public int[] Heard { get; }

    /// <summary>True when there are no events.</summary>
    public bool IsEmpty => Heard.Length == 0;

    /// <param name="newestFirst">The stored events' items, newest first.</param>
    /// <param name="recentCount">How many of the newest feed online recommendations.</param>
    /// <remarks>Ids outside int32 cannot be catalogue items and are dropped.</remarks>
    public static OnlineHistory From(ReadOnlySpan<long> newestFirst, int recentCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recentCount, 0);
        if (newestFirst.IsEmpty)
        {
            return None;
        }

        var items = new List<int>(newestFirst.Length);
        foreach (var item in newestFirst)
        {
            if (item is >= int.MinValue and <= int.MaxValue)
            {
                items.Add((int)item);
            }
        }

        var recent = items.Take(recentCount).ToArray();
        var heard = items.Distinct().Order().ToArray();
        return new OnlineHistory(recent, heard);
    }
}
