using Encore.Core.Data.Interactions;

namespace Encore.Core.Models.Similar;

/// <summary>
/// Item → similar items with scores, best first, as CSR (source items ascending, offsets, neighbours, scores):
/// similar.parquet in memory. Immutable, so one instance serves any number of threads (the evaluation's
/// parallel loop, the online service's requests).
/// </summary>
/// <remarks>
/// 10 neighbours × 1M items is 10M pairs: three flat arrays (~160 MB). Items are found through an
/// <see cref="IdLookup"/> (a direct table for dense ids: 4 bytes per id, against ~20 for a hash map), not a binary
/// search over the sorted ids: similar-to-history looks up 5 random items per user, and the search's cache misses
/// made it 2× slower over 1.3M users.
/// </remarks>
public sealed class SimilarItemsIndex
{
    private readonly int[] _items;
    private readonly int[] _offsets;
    private readonly int[] _neighbours;
    private readonly double[] _scores;
    private readonly IdLookup _positions;

    private SimilarItemsIndex(int[] items, int[] offsets, int[] neighbours, double[] scores)
    {
        _items = items;
        _offsets = offsets;
        _neighbours = neighbours;
        _scores = scores;
        // Items are strictly ascending (checked by FromCsr), so the lookup never meets a repeat.
        _positions = IdLookup.Build(items);
        for (var i = 0; i < items.Length; i++)
        {
            MaxNeighbours = Math.Max(MaxNeighbours, offsets[i + 1] - offsets[i]);
        }
    }

    /// <summary>An index with no items.</summary>
    public static SimilarItemsIndex Empty { get; } = new([], [0], [], []);

    /// <summary>Number of source items that have neighbours.</summary>
    public int ItemCount => _items.Length;

    /// <summary>Number of (item, neighbour) pairs.</summary>
    public int PairCount => _neighbours.Length;

    /// <summary>The longest neighbour list: bounds the candidates a few items can suggest.</summary>
    public int MaxNeighbours { get; }

    /// <summary>Source items, ascending.</summary>
    public ReadOnlySpan<int> Items => _items;

    /// <summary>
    /// Wraps CSR arrays without copying: item <c>items[i]</c> has neighbours
    /// <c>neighbours[offsets[i]..offsets[i + 1]]</c> with the same slice of <paramref name="scores"/>, best first.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Items not strictly ascending, offsets not running from 0 to the pair count without decreasing, lengths
    /// that differ, or a NaN score.
    /// </exception>
    public static SimilarItemsIndex FromCsr(int[] items, int[] offsets, int[] neighbours, double[] scores)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != neighbours.Length)
        {
            throw new ArgumentException($"neighbours has {neighbours.Length} entries but scores has {scores.Length}.", nameof(scores));
        }

        if (offsets.Length != items.Length + 1 || offsets[0] != 0 || offsets[^1] != neighbours.Length)
        {
            throw new ArgumentException(
                $"offsets must have items + 1 = {items.Length + 1} entries running from 0 to {neighbours.Length}.", nameof(offsets));
        }

        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0 && items[i] <= items[i - 1])
            {
                throw new ArgumentException($"Items must be strictly ascending; item {items[i]} follows {items[i - 1]}.", nameof(items));
            }

            if (offsets[i + 1] < offsets[i])
            {
                throw new ArgumentException($"offsets must not decrease; item {items[i]} ends before it starts.", nameof(offsets));
            }
        }

        foreach (var score in scores)
        {
            if (double.IsNaN(score))
            {
                throw new ArgumentException("Scores must be numbers, not NaN.", nameof(scores));
            }
        }

        return new SimilarItemsIndex(items, offsets, neighbours, scores);
    }

    /// <summary>Position of <paramref name="item"/> in <see cref="Items"/>, or -1 when it has no neighbours.</summary>
    public int IndexOf(int item) => _positions.RowOf(item);

    /// <summary>
    /// The same pairs under other ids: <paramref name="items"/> (strictly ascending) and <paramref name="neighbours"/>
    /// in place of this index's, position for position, sharing this index's offsets and scores instead of copying them.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays are not this index's lengths, or the items are not ascending.</exception>
    internal SimilarItemsIndex WithIds(int[] items, int[] neighbours)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(neighbours);
        if (items.Length != _items.Length || neighbours.Length != _neighbours.Length)
        {
            throw new ArgumentException(
                $"{items.Length} items and {neighbours.Length} neighbours do not match the index's {_items.Length} and {_neighbours.Length}.");
        }

        for (var i = 1; i < items.Length; i++)
        {
            if (items[i] <= items[i - 1])
            {
                throw new ArgumentException($"Items must be strictly ascending; item {items[i]} follows {items[i - 1]}.", nameof(items));
            }
        }

        return new SimilarItemsIndex(items, _offsets, neighbours, _scores);
    }

    /// <summary>The neighbours of the item at position <paramref name="index"/>, best first.</summary>
    public ReadOnlySpan<int> Neighbours(int index)
    {
        if ((uint)index >= (uint)_items.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {_items.Length} items.");
        }

        return _neighbours.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
    }

    /// <summary>The scores of <see cref="Neighbours"/>, in the same order.</summary>
    public ReadOnlySpan<double> Scores(int index)
    {
        if ((uint)index >= (uint)_items.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {_items.Length} items.");
        }

        return _scores.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
    }

    /// <summary>The neighbours of <paramref name="item"/>, best first; empty when the item is unknown.</summary>
    public ReadOnlySpan<int> NeighboursOf(int item)
    {
        var index = IndexOf(item);
        return index < 0 ? [] : Neighbours(index);
    }

    /// <summary>The scores of <see cref="NeighboursOf"/>; empty when the item is unknown.</summary>
    public ReadOnlySpan<double> ScoresOf(int item)
    {
        var index = IndexOf(item);
        return index < 0 ? [] : Scores(index);
    }
}
