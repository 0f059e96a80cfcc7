using Encore.Core.Data;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Ranking;

/// <summary>
/// The listens the ranker's features look back on, in dense ids: every user's items in play order as a
/// <see cref="ListKind.Log"/> <see cref="UserLists"/> (user u is row u of the id map, so a user with no listen has
/// an empty list), each listen's day in a companion array aligned with the items, and the day the history ends
/// (features count days back from it).
/// </summary>
/// <remarks>
/// prepare writes events sorted by user and day, so the arrays are the mapped columns as they are; only an unsorted
/// log pays for a stable sort.
/// </remarks>
public sealed class ListeningHistory
{
    // The lists' own arrays, kept as fields so the feature loops index them directly.
    private readonly int[] _offsets;
    private readonly int[] _items;
    private readonly int[] _days;

    private ListeningHistory(UserLists listens, int[] offsets, int[] items, int[] days, int itemCount, int endDay)
    {
        Listens = listens;
        _offsets = offsets;
        _items = items;
        _days = days;
        ItemCount = itemCount;
        EndDay = endDay;
    }

    /// <summary>Every user's items, oldest first: user u's list is <c>Listens.Items(u)</c>.</summary>
    public UserLists Listens { get; }

    public int UserCount => _offsets.Length - 1;

    public int ItemCount { get; }

    public long ListenCount => _items.Length;

    /// <summary>The first day after the history (the label window's start, or the split date).</summary>
    public int EndDay { get; }

    /// <summary>User <paramref name="user"/>'s items, oldest first.</summary>
    public ReadOnlySpan<int> Items(int user) => _items.AsSpan(_offsets[user], _offsets[user + 1] - _offsets[user]);

    /// <summary>The days of <see cref="Items"/>.</summary>
    public ReadOnlySpan<int> Days(int user) => _days.AsSpan(_offsets[user], _offsets[user + 1] - _offsets[user]);

    /// <summary>Every listen's item, users in order: for item statistics.</summary>
    internal ReadOnlySpan<int> AllItems => _items;

    internal ReadOnlySpan<int> AllDays => _days;

    internal ReadOnlySpan<int> Offsets => _offsets;

    /// <summary>
    /// Maps <paramref name="events"/> to dense ids. Every event's user must be in <paramref name="users"/> and its
    /// item in <paramref name="items"/>; events on or after <paramref name="endDay"/> are refused, since they would
    /// leak the future into the features.
    /// </summary>
    /// <exception cref="EncoreException">An event is unknown to the maps or not before <paramref name="endDay"/>.</exception>
    public static ListeningHistory Build(EventLog events, IdMap users, IdMap items, int endDay)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        var n = events.Count;
        var rows = new int[n];
        var columns = new int[n];
        // The item lookups, the bulk of the work, run in parallel first; the pass below still reports the first bad
        // listen, whatever is wrong with it.
        var unknownItem = items.ToInternalParallel(events.Items, columns);
        var sorted = true;
        var lastExternal = long.MinValue;
        var lastRow = -1;
        for (var k = 0; k < n; k++)
        {
            if (events.Days[k] >= endDay)
            {
                throw new EncoreException(
                    $"Listen of user {events.Users[k]} on {EventLog.DateOf(events.Days[k]):yyyy-MM-dd} is not before the history's end {EventLog.DateOf(endDay):yyyy-MM-dd}.");
            }

            // Events come grouped by user: one map lookup per user, not per event.
            if (events.Users[k] != lastExternal)
            {
                lastExternal = events.Users[k];
                if (!users.TryToInternal(lastExternal, out var row))
                {
                    throw new EncoreException($"User {lastExternal} of the events is not in the user map.");
                }

                sorted &= row > lastRow;
                lastRow = row;
            }
            else
            {
                sorted &= events.Days[k] >= events.Days[k - 1];
            }

            rows[k] = lastRow;
            if (k == unknownItem)
            {
                throw new EncoreException($"Item {events.Items[k]} of the events is not in the item map.");
            }
        }

        var days = events.Days;
        if (!sorted)
        {
            // Stable by (user, day): the order within a day is the play order.
            var order = Enumerable.Range(0, n).OrderBy(k => rows[k]).ThenBy(k => days[k]).ToArray();
            rows = [.. order.Select(k => rows[k])];
            columns = [.. order.Select(k => columns[k])];
            days = [.. order.Select(k => days[k])];
        }

        var offsets = new int[users.Count + 1];
        foreach (var row in rows)
        {
            offsets[row + 1]++;
        }

        for (var u = 0; u < users.Count; u++)
        {
            offsets[u + 1] += offsets[u];
        }

        var dense = new int[users.Count];
        for (var u = 0; u < dense.Length; u++)
        {
            dense[u] = u;
        }

        var listens = UserLists.FromCsr(dense, offsets, columns, ListKind.Log);
        return new ListeningHistory(listens, offsets, columns, days, items.Count, endDay);
    }

    /// <summary>The history as a dense-id event log (what <see cref="Models.Similar.RecentListens"/> reads).</summary>
    public EventLog ToEventLog()
    {
        var users = new int[_items.Length];
        for (var u = 0; u < UserCount; u++)
        {
            users.AsSpan(_offsets[u], _offsets[u + 1] - _offsets[u]).Fill(u);
        }

        return new EventLog(users, _items, _days);
    }
}
