using System.Runtime.InteropServices;
using Encore.Core.Data;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Models.Similar;

/// <summary>
/// Each user's last few distinct items, most recent first (a <see cref="ListKind.Ranked"/> <see cref="UserLists"/>,
/// users ascending): the seeds of <see cref="SimilarToHistory"/> when the history comes from a file rather than from
/// the online event store.
/// </summary>
public static class RecentListens
{
    /// <summary>
    /// Takes, per user, the last <paramref name="count"/> distinct items of <paramref name="events"/>: by day, and
    /// within a day by file order (prepare writes each day's listens in play order, docs/seed.md §1.3 track_seq).
    /// A re-listened item counts once, at its latest listen.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public static UserLists FromEvents(EventLog events, int count)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var order = ChronologicalOrder(events);
        var users = new List<int>();
        var offsets = new List<int> { 0 };
        var items = new List<int>();
        var end = order.Length;
        while (end > 0)
        {
            var user = events.Users[order[end - 1]];
            var start = end - 1;
            while (start > 0 && events.Users[order[start - 1]] == user)
            {
                start--;
            }

            var first = items.Count;
            for (var i = end - 1; i >= start && items.Count - first < count; i--)
            {
                var item = events.Items[order[i]];
                if (!CollectionsMarshal.AsSpan(items)[first..].Contains(item))
                {
                    items.Add(item);
                }
            }

            users.Add(user);
            offsets.Add(items.Count);
            end = start;
        }

        // Users were walked from the last one back; put them ascending, each keeping its own items' order.
        return Reversed(users, offsets, items);
    }

    /// <summary>Row indexes sorted by (user, day, row); the identity when prepare's order already is that.</summary>
    private static int[] ChronologicalOrder(EventLog events)
    {
        var order = new int[events.Count];
        var sorted = true;
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            sorted &= i == 0 || events.Users[i] > events.Users[i - 1]
                || (events.Users[i] == events.Users[i - 1] && events.Days[i] >= events.Days[i - 1]);
        }

        if (!sorted)
        {
            var users = events.Users;
            var days = events.Days;
            Array.Sort(order, (a, b) =>
                users[a] != users[b] ? users[a].CompareTo(users[b])
                : days[a] != days[b] ? days[a].CompareTo(days[b])
                : a.CompareTo(b));
        }

        return order;
    }

    private static UserLists Reversed(List<int> users, List<int> offsets, List<int> items)
    {
        var n = users.Count;
        var outUsers = new int[n];
        var outOffsets = new int[n + 1];
        var outItems = new int[items.Count];
        var at = 0;
        for (var u = 0; u < n; u++)
        {
            var source = n - 1 - u;
            outUsers[u] = users[source];
            var length = offsets[source + 1] - offsets[source];
            items.CopyTo(offsets[source], outItems, at, length);
            at += length;
            outOffsets[u + 1] = at;
        }

        // Distinct by construction (each item is added once per user); only the shape is checked.
        return UserLists.FromCheckedContent(outUsers, outOffsets, outItems, ListKind.Ranked);
    }
}
