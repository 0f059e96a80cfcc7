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
    private readonly int[] _items;
    private readonly uint[] _thresholds;
    private readonly int[] _aliases;

    internal AliasTables(int[] offsets, int[] items, uint[] thresholds, int[] aliases)
    {
        _offsets = offsets;
        _items = items;
        _thresholds = thresholds;
        _aliases = aliases;
    }

    public int SegmentCount => _offsets.Length - 1;

    /// <summary>Entries in all segments together.</summary>
    public long TotalLength => _items.Length;

    public int Length(int segment) => _offsets[segment + 1] - _offsets[segment];

    /// <summary>The items of a segment, in the order they were added.</summary>
    public ReadOnlySpan<int> Items(int segment) => _items.AsSpan(_offsets[segment], Length(segment));

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
        var j = offset + (int)(((r >> 32) * (ulong)(uint)length) >> 32);
        return (uint)r < _thresholds[j] ? _items[j] : _items[offset + _aliases[j]];
    }
}

/// <summary>Collects segments (items with weights) and builds <see cref="AliasTables"/>.</summary>
internal sealed class AliasTablesBuilder
{
    private readonly List<int> _offsets = [0];
    private int[] _items;
    private uint[] _thresholds;
    private int[] _aliases;
    private int _count;
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
        return new AliasTables(
            [.. _offsets],
            _items.AsSpan(0, _count).ToArray(),
            _thresholds.AsSpan(0, _count).ToArray(),
            _aliases.AsSpan(0, _count).ToArray());
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
