using System.Numerics;

namespace Encore.Core.Data.Interactions;

/// <summary>
/// A set's ids by their <see cref="StableKey"/>: the keys sorted, with each one's dense id beside it, and a directory
/// of where each range of keys starts. Built once per loaded set, it turns the tracks of stored events back into the
/// set's ids.
/// </summary>
/// <remarks>
/// Keys are hash values, spread evenly over [2^62, 2^63), so a directory of about one slot per key (the keys' top
/// bits) leaves one or two keys to compare per lookup: two memory reads, where a bisection of a million keys made
/// twenty (at 1M ids: 16 bytes an id against a Dictionary's 33, for lookups of about 0.1 µs either way; bench/RESULTS.md,
/// "Stable keys").
/// Keys that two originals share (a 62-bit collision) are left out, so neither track is ever taken for the other:
/// both drop out of online histories instead.
/// </remarks>
public sealed class StableKeyIndex
{
    private readonly long[] _keys;
    private readonly int[] _ids;
    // _starts[b] is the first key whose top bits are b (or later): keys of slot b lie in [_starts[b], _starts[b + 1]).
    private readonly int[] _starts;
    private readonly int _shift;

    private StableKeyIndex(long[] keys, int[] ids)
    {
        _keys = keys;
        _ids = ids;
        var bits = keys.Length <= 1 ? 0 : Math.Min(BitOperations.Log2((uint)(keys.Length - 1)) + 1, 30);
        _shift = 62 - bits;
        _starts = new int[(1 << bits) + 1];
        var at = 0;
        for (var slot = 0; slot < _starts.Length; slot++)
        {
            while (at < keys.Length && Slot(keys[at]) < slot)
            {
                at++;
            }

            _starts[slot] = at;
        }
    }

    /// <summary>How many ids can be found (all of the map's, less any that collided).</summary>
    public int Count => _keys.Length;

    /// <summary>Bytes the index holds.</summary>
    public long Bytes => (12L * _keys.Length) + (4L * _starts.Length);

    /// <summary>Indexes the originals of <paramref name="map"/> (a map made by <see cref="IdMap.FromOriginals"/>).</summary>
    /// <exception cref="ArgumentException">The map has no originals.</exception>
    public static StableKeyIndex Of(IdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!map.HasOriginals)
        {
            throw new ArgumentException("Only a map of original string ids has stable keys.", nameof(map));
        }

        var keys = new long[map.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = StableKey.Of(map.ToOriginal(i));
        }

        return FromKeys(keys);
    }

    /// <summary>The index of <paramref name="keys"/>, where keys[i] is the key of id i (the array is reused).</summary>
    internal static StableKeyIndex FromKeys(long[] keys)
    {
        var ids = new int[keys.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = i;
        }

        Array.Sort(keys, ids);
        var kept = 0;
        for (var i = 0; i < keys.Length;)
        {
            var end = i + 1;
            while (end < keys.Length && keys[end] == keys[i])
            {
                end++;
            }

            if (end == i + 1)
            {
                keys[kept] = keys[i];
                ids[kept] = ids[i];
                kept++;
            }

            i = end;
        }

        if (kept < keys.Length)
        {
            Array.Resize(ref keys, kept);
            Array.Resize(ref ids, kept);
        }

        return new StableKeyIndex(keys, ids);
    }

    /// <summary>The dense id whose original has key <paramref name="key"/>, or false.</summary>
    public bool TryGet(long key, out int id)
    {
        if (StableKey.IsKey(key))
        {
            var slot = Slot(key);
            for (var at = _starts[slot]; at < _starts[slot + 1] && _keys[at] <= key; at++)
            {
                if (_keys[at] == key)
                {
                    id = _ids[at];
                    return true;
                }
            }
        }

        id = IdMap.Missing;
        return false;
    }

    private int Slot(long key) => (int)((key - StableKey.Min) >> _shift);
}
