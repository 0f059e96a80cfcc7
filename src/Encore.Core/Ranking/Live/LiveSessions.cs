using Encore.Core.Data;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Ranking.Live;

/// <summary>
/// Each listener's listens of a period in listening order (the label window's, when the live ranker trains), in the
/// model's internal ids, as CSR with listeners ascending. Listeners the model does not know are left out.
/// </summary>
internal sealed class LiveSessions
{
    private readonly int[] _offsets;
    private readonly int[] _items;

    internal LiveSessions(int[] users, int[] offsets, int[] items)
    {
        Users = users;
        _offsets = offsets;
        _items = items;
    }

    /// <summary>The listeners (model rows), ascending.</summary>
    public int[] Users { get; }

    /// <summary>The listens of the listener at <paramref name="index"/>, first played first.</summary>
    public ReadOnlySpan<int> Listens(int index) => _items.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>The listens of <paramref name="events"/> (file order is listening order within a listener) in internal ids.</summary>
    public static LiveSessions From(EventLog events, IdMap users, IdMap items)
    {
        ArgumentNullException.ThrowIfNull(events);
        var rows = new List<(int User, int Position, int Item)>(events.Count);
        for (var k = 0; k < events.Count; k++)
        {
            if (users.TryToInternal(events.Users[k], out var user) && items.TryToInternal(events.Items[k], out var item))
            {
                rows.Add((user, k, item));
            }
        }

        // By listener, then file position: a stable regrouping that keeps each listener's listening order.
        rows.Sort(static (a, b) => a.User != b.User ? a.User.CompareTo(b.User) : a.Position.CompareTo(b.Position));
        var ids = new List<int>();
        var offsets = new List<int> { 0 };
        var listened = new int[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            if (k == 0 || rows[k].User != rows[k - 1].User)
            {
                if (k > 0)
                {
                    offsets.Add(k);
                }

                ids.Add(rows[k].User);
            }

            listened[k] = rows[k].Item;
        }

        if (rows.Count > 0)
        {
            offsets.Add(rows.Count);
        }

        return new LiveSessions([.. ids], [.. offsets], listened);
    }
}
