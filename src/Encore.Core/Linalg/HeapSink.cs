using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Encore.Core.Linalg;

/// <summary>
/// Offers a tile's scores to per-query bounded heaps when items arrive in any order (packed position p holds item
/// <c>ids[p]</c>, −1 for padding). The heap keeps the same total order as <see cref="TopK.Select"/> (score
/// descending, then id ascending), so the lists equal a brute-force pass over the same scores, whatever the order.
/// </summary>
/// <remarks>
/// Slot s of the current query tile is query <c>Queries[s]</c> of the block: its heap is row
/// <c>firstRow + query</c> of the batch, its count <c>counts[query]</c>, its exclusions <c>exclude(queryIds[query])</c>
/// (ascending, found by binary search since ids are not ascending here).
/// </remarks>
internal ref struct HeapSink : ITileSink
{
    private readonly Span<float> _lanes;
    private readonly ReadOnlySpan<int> _ids;
    private readonly ReadOnlySpan<int> _queryIds;
    private readonly ExclusionOf _exclude;
    private readonly TopKBatch _batch;
    private readonly ReadOnlySpan<int> _rows;
    private readonly Span<int> _counts;

    /// <param name="lanes">32 floats of scratch.</param>
    /// <param name="ids">Item id at every packed position (−1: padding).</param>
    /// <param name="queryIds">Per block query: the id passed to <paramref name="exclude"/>.</param>
    /// <param name="exclude">Ids left out of a query's list.</param>
    /// <param name="batch">Heaps: row <c>rows[query]</c> belongs to block query <c>query</c>.</param>
    /// <param name="rows">Per block query: its batch row.</param>
    /// <param name="counts">Per block query: its heap size.</param>
    public HeapSink(
        Span<float> lanes, ReadOnlySpan<int> ids, ReadOnlySpan<int> queryIds, ExclusionOf exclude, TopKBatch batch,
        ReadOnlySpan<int> rows, Span<int> counts)
    {
        _lanes = lanes;
        _ids = ids;
        _queryIds = queryIds;
        _exclude = exclude;
        _batch = batch;
        _rows = rows;
        _counts = counts;
    }

    /// <summary>The block queries in the current tile's slots.</summary>
    public ReadOnlySpan<int> Queries;

    /// <summary>The packed position of the current tile's first item.</summary>
    public int FirstPosition;

    // One compare per 16 scores: a full heap admits a score above its root, or equal to it with a lower id.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Offer(int slot, Vector512<float> lo, Vector512<float> hi)
    {
        var query = Queries[slot];
        var scores = _batch.ScoreSlot(_rows[query]);
        uint mask = uint.MaxValue;
        if (_counts[query] == scores.Length)
        {
            var root = Vector512.Create(scores[0]);
            mask = (uint)Vector512.GreaterThanOrEqual(lo, root).ExtractMostSignificantBits()
                | ((uint)Vector512.GreaterThanOrEqual(hi, root).ExtractMostSignificantBits() << 16);
            if (mask == 0)
            {
                return;
            }
        }

        lo.StoreUnsafe(ref _lanes[0]);
        hi.StoreUnsafe(ref _lanes[TileKernel.Lanes]);
        Admit(query, mask, _lanes);
    }

    // The same test, one score at a time.
    public readonly void Offer(int slot, scoped ReadOnlySpan<float> scores)
    {
        var query = Queries[slot];
        var heap = _batch.ScoreSlot(_rows[query]);
        uint mask = uint.MaxValue;
        if (_counts[query] == heap.Length)
        {
            var root = heap[0];
            mask = 0;
            for (var lane = 0; lane < TileKernel.TileItems; lane++)
            {
                mask |= scores[lane] >= root ? 1u << lane : 0;
            }
        }

        if (mask != 0)
        {
            Admit(query, mask, scores);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Admit(int query, uint mask, scoped ReadOnlySpan<float> lanes)
    {
        var row = _rows[query];
        _counts[query] = AdmitLanes(
            mask, lanes, _ids[FirstPosition..], _exclude(_queryIds[query]), _batch.ItemSlot(row), _batch.ScoreSlot(row), _counts[query]);
    }

    /// <summary>
    /// Pushes the lanes of <paramref name="mask"/> (item <paramref name="laneIds"/>[lane], score <paramref name="lanes"/>[lane])
    /// into the heap <paramref name="ids"/>/<paramref name="scores"/> of <paramref name="count"/> entries: padding (id −1),
    /// NaN and <paramref name="excluded"/> items (ascending) left out. Shared by the batch sink and the single-query scan.
    /// </summary>
    /// <returns>The heap's new count.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int AdmitLanes(
        uint mask, scoped ReadOnlySpan<float> lanes, ReadOnlySpan<int> laneIds, ReadOnlySpan<int> excluded, Span<int> ids, Span<float> scores, int count)
    {
        var k = scores.Length;
        while (mask != 0)
        {
            var lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            var id = laneIds[lane];
            var s = lanes[lane];
            if (id < 0 || float.IsNaN(s))
            {
                continue;
            }

            // The root rises as the heap takes scores, so recheck against the current one.
            if (count == k && !(s > scores[0] || (s == scores[0] && id < ids[0])))
            {
                continue;
            }

            if (excluded.Length > 0 && excluded.BinarySearch(id) >= 0)
            {
                continue;
            }

            count = TopK.Push(ids, scores, count, id, s);
        }

        return count;
    }
}
