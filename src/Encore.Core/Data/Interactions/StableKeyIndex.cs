namespace Encore.Core.Data.Interactions;

/// <summary>
/// A set's ids by their <see cref="StableKey"/>: the keys sorted, with each one's dense id beside it, searched by
/// bisection. Built once per loaded set, it turns the tracks of stored events back into the set's ids.
/// </summary>
/// <remarks>
/// Two arrays (12 bytes an id: 12 MB at a million tracks) rather than a Dictionary (about 28 bytes an id): a request
/// looks up at most the event store's capacity of keys, so ~20 probes each cost nothing next to the request
/// (bench/RESULTS.md, "Stable keys"). Keys that two originals share (a 62-bit collision) are left out, so neither
/// track is ever taken for the other: both drop out of online histories instead.
/// </remarks>
public sealed class StableKeyIndex
{
    private readonly long[] _keys;
    private readonly int[] _ids;

    private StableKeyIndex(long[] keys, int[] ids)
    {
        _keys = keys;
        _ids = ids;
    }

    /// <summary>How many ids can be found (all of the map's, less any that collided).</summary>
    public int Count => _keys.Length;

    /// <summary>Bytes the index holds.</summary>
    public long Bytes => 12L * _keys.Length;

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
        var at = Array.BinarySearch(_keys, key);
        id = at >= 0 ? _ids[at] : IdMap.Missing;
        return at >= 0;
    }
}
