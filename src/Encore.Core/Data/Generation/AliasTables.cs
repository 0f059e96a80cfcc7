using System.Runtime.CompilerServices;

namespace Encore.Core.Data.Generation;

/// <summary>
/// Many discrete distributions ("segments") stored back to back, each sampled in O(1) by Walker's alias
/// method (Vose 1991). One flat layout instead of one object per distribution keeps the sampler's memory
/// contiguous and lets a genre, an artist or a release week be a plain int.
/// </summary>
internal sealed class AliasTables
{
    private readonly int[] _offsets;
    private readonly AliasEntry[] _entries;

    internal AliasTables(int[] offsets, AliasEntry[] entries)
    {
        _offsets = offsets;
        _entries = entries;
    }

    public int SegmentCount => _offsets.Length - 1;

    /// <summary>Entries in all segments together.</summary>
    public long TotalLength => _entries.Length;

    public int Length(int segment) => _offsets[segment + 1] - _offsets[segment];

    /// <summary>Draws an item of <paramref name="segment"/> with probability proportional to its weight; -1 when the segment is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(int segment, ref Rng rng)
    {
        var offset = _offsets[segment];
        var length = _offsets[segment + 1] - offset;
        if (length == 0)
        {
            return -1;
        }

        // High 32 bits pick the column, low 32 bits decide between the column's item and its alias.
        var r = rng.NextUInt64();
        ref readonly var entry = ref _entries[offset + (int)(((r >> 32) * (ulong)(uint)length) >> 32)];
        return (uint)r < entry.Threshold ? entry.Item : entry.Alias;
    }
}

/// <summary>
/// One alias column: the item, the probability of keeping it (scaled to 2^32) and the alias item itself,
/// together in 12 bytes so that a draw from a table far larger than the cache costs one memory access.
/// </summary>
internal readonly record struct AliasEntry(uint Threshold, int Item, int Alias);

/// <summary>Collects segments (items with weights) and builds <see cref="AliasTables"/>.</summary>
internal sealed class AliasTablesBuilder
{
    private readonly List<int> _offsets = [0];
    private int[] _items;
    private uint[] _thresholds;
    private int[] _aliases;
    private int _count;

    // _aliases holds column indexes within the segment while building; Build() resolves them to items.
    private double[] _scaled = new double[16];
    private int[] _small = new int[16];
    private int[] _large = new int[16];

    public AliasTablesBuilder(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        _items = new int[capacity];
        _thresholds = new uint[capacity];
        _aliases = new int[capacity];
    }

    public int SegmentCount => _offsets.Count - 1;

    /// <summary>Adds a distribution over <paramref name="items"/>; entries with weight ≤ 0 are left out. Returns its segment index.</summary>
    public int Add(ReadOnlySpan<int> items, ReadOnlySpan<double> weights)
    {
        if (items.Length != weights.Length)
        {
            throw new ArgumentException("items and weights differ in length.", nameof(weights));
        }

        var start = _count;
        double total = 0;
        for (var i = 0; i < items.Length; i++)
        {
            if (weights[i] > 0)
            {
                total += weights[i];
            }
        }

        var n = 0;
        for (var i = 0; i < items.Length; i++)
        {
            if (weights[i] > 0)
            {
                n++;
            }
        }

        EnsureCapacity(_count + n);
        EnsureScratch(n);
        var k = 0;
        for (var i = 0; i < items.Length; i++)
        {
            if (weights[i] > 0)
            {
                _items[start + k] = items[i];
                _scaled[k] = weights[i] * n / total;
                k++;
            }
        }

        BuildSegment(start, n);
        _count += n;
        _offsets.Add(_count);
        return _offsets.Count - 2;
    }

    public AliasTables Build()
    {
        var entries = new AliasEntry[_count];
        for (var s = 0; s + 1 < _offsets.Count; s++)
        {
            var start = _offsets[s];
            for (var j = start; j < _offsets[s + 1]; j++)
            {
                entries[j] = new AliasEntry(_thresholds[j], _items[j], _items[start + _aliases[j]]);
            }
        }

        return new AliasTables([.. _offsets], entries);
    }

    private void BuildSegment(int start, int n)
    {
        // Vose's alias method: pair each under-full column with an over-full one.
        var smallCount = 0;
        var largeCount = 0;
        for (var i = 0; i < n; i++)
        {
            if (_scaled[i] < 1.0)
            {
                _small[smallCount++] = i;
            }
            else
            {
                _large[largeCount++] = i;
            }
        }

        while (smallCount > 0 && largeCount > 0)
        {
            var s = _small[--smallCount];
            var l = _large[largeCount - 1];
            _thresholds[start + s] = ToThreshold(_scaled[s]);
            _aliases[start + s] = l;
            _scaled[l] = _scaled[l] + _scaled[s] - 1.0;
            if (_scaled[l] < 1.0)
            {
                largeCount--;
                _small[smallCount++] = l;
            }
        }

        // Leftovers are full columns up to rounding: they always return themselves.
        while (largeCount > 0)
        {
            var l = _large[--largeCount];
            _thresholds[start + l] = uint.MaxValue;
            _aliases[start + l] = l;
        }

        while (smallCount > 0)
        {
            var s = _small[--smallCount];
            _thresholds[start + s] = uint.MaxValue;
            _aliases[start + s] = s;
        }
    }

    private static uint ToThreshold(double p) => p >= 1.0 ? uint.MaxValue : (uint)(p * 4294967296.0);

    private void EnsureCapacity(int needed)
    {
        if (needed <= _items.Length)
        {
            return;
        }

        var size = Math.Max(needed, (int)Math.Min(Array.MaxLength, 2L * _items.Length));
        Array.Resize(ref _items, size);
        Array.Resize(ref _thresholds, size);
        Array.Resize(ref _aliases, size);
    }

    private void EnsureScratch(int n)
    {
        if (n <= _scaled.Length)
        {
            return;
        }

        var size = Math.Max(n, 2 * _scaled.Length);
        _scaled = new double[size];
        _small = new int[size];
        _large = new int[size];
    }
}
