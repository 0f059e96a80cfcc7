namespace Encore.Core.Data.Interactions;

/// <summary>
/// External id → row of a sorted id array, in O(1) with no per-request allocation. Ids that are dense enough (the
/// usual case: user and track ids run from 0 to a few million) get a direct table of 4 bytes per id; sparse ids get
/// a hash map.
/// </summary>
public sealed class IdLookup
{
    // A direct table may cost at most this many slots per id present before the hash map is cheaper.
    private const int MaxSlotsPerId = 8;

    private readonly int[]? _direct;
    private readonly Dictionary<int, int>? _map;

    private IdLookup(int[]? direct, Dictionary<int, int>? map)
    {
        _direct = direct;
        _map = map;
    }

    /// <summary>Indexes <paramref name="ids"/>: row i holds ids[i]. Ids must be distinct.</summary>
    /// <exception cref="ArgumentException">An id appears twice.</exception>
    public static IdLookup Build(ReadOnlySpan<int> ids)
    {
        if (ids.IsEmpty)
        {
            return new IdLookup([], null);
        }

        var min = int.MaxValue;
        var max = int.MinValue;
        foreach (var id in ids)
        {
            min = Math.Min(min, id);
            max = Math.Max(max, id);
        }

        if (min >= 0 && (long)max < (long)ids.Length * MaxSlotsPerId + 1024)
        {
            var direct = new int[max + 1];
            Array.Fill(direct, -1);
            for (var row = 0; row < ids.Length; row++)
            {
                if (direct[ids[row]] >= 0)
                {
                    throw new ArgumentException($"Id {ids[row]} appears more than once.", nameof(ids));
                }

                direct[ids[row]] = row;
            }

            return new IdLookup(direct, null);
        }

        var map = new Dictionary<int, int>(ids.Length);
        for (var row = 0; row < ids.Length; row++)
        {
            if (!map.TryAdd(ids[row], row))
            {
                throw new ArgumentException($"Id {ids[row]} appears more than once.", nameof(ids));
            }
        }

        return new IdLookup(null, map);
    }

    /// <summary>The row of <paramref name="id"/>, or -1 when it is not indexed (ids beyond int32 never are).</summary>
    public int RowOf(long id)
    {
        if (_direct is not null)
        {
            return (ulong)id < (ulong)_direct.Length ? _direct[id] : -1;
        }

        return id is >= int.MinValue and <= int.MaxValue && _map!.TryGetValue((int)id, out var row) ? row : -1;
    }
}
