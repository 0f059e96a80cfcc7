using Encore.Core.Models;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Encore.Core.Linalg;

/// <summary>The already-seen ids (ascending) to leave out of query <paramref name="query"/>'s list.</summary>
internal delegate ReadOnlySpan<int> ExclusionOf(int query);

/// <summary>
/// Top-k of every query against every item, as a register-blocked matrix product with the selection fused in:
/// 8 queries × 32 items per tile (16 AVX-512 accumulators), items packed into 16-lane panels (factor-major) so a
/// tile reads two vectors per factor, item blocks sized for L2 and reused by a block of queries. After a tile, each
/// query's 32 scores are compared at once with its current k-th best; only the rare survivors reach the heap.
/// </summary>
/// <remarks>
/// Each score is Σⱼ xⱼyⱼ by FMAs in factor order, in its own lane: the same bits whichever tile, block or thread
/// computes it, so lists do not depend on batching or threads. Ids reach a query's heap ascending, so ties keep
/// the lower id, as <see cref="TopK.Select"/> does.
/// </remarks>
internal sealed class TileScorer
{
    public const int QueriesPerTile = 8;

    /// <summary>Queries sharing one pass over the items: their packed factors stay in L1.</summary>
    public const int QueryBlock = 64;

    private const int Lanes = 16;
    private const int PanelsPerTile = 2;

    // Items per L2 block: 2 MiB L2 per core holds a ~512 KiB block beside the other traffic.
    private const int BlockBytes = 512 * 1024;

    private readonly float[] _panels;
    private readonly int _f;
    private readonly int _panelCount;
    private readonly int _blockPanels;

    /// <summary>Packs the first <paramref name="f"/> columns of <paramref name="items"/>.</summary>
    public TileScorer(FactorMatrix items, int f)
    {
        ArgumentNullException.ThrowIfNull(items);
        _f = f;
        Items = items.Rows;
        _panelCount = (items.Rows + (Lanes * PanelsPerTile) - 1) / (Lanes * PanelsPerTile) * PanelsPerTile;
        _panels = new float[(long)_panelCount * f * Lanes];
        for (var i = 0; i < items.Rows; i++)
        {
            var row = items.Row(i);
            var at = ((i / Lanes) * f * Lanes) + (i % Lanes);
            for (var j = 0; j < f; j++)
            {
                _panels[at + (j * Lanes)] = row[j];
            }
        }

        _blockPanels = Math.Max(PanelsPerTile, BlockBytes / (f * Lanes * sizeof(float)) / PanelsPerTile * PanelsPerTile);
    }

    public static bool IsSupported(SimdWidth width) => width == SimdWidth.Vector512 && Simd.IsSupported(SimdWidth.Vector512);

    public int Items { get; }

    /// <summary>Scratch floats <see cref="Select"/> needs for <see cref="QueryBlock"/> queries.</summary>
    public int ScratchLength => (QueryBlock * _f) + (Lanes * PanelsPerTile);

    /// <summary>
    /// Fills rows <paramref name="firstRow"/>.. of <paramref name="batch"/> with the best items of queries
    /// <c>queries.Row(queryRows[b])</c> (at most <see cref="QueryBlock"/>), best first.
    /// </summary>
    public void Select(
        FactorMatrix queries, ReadOnlySpan<int> queryRows, ExclusionOf exclude, RecommendationBatch batch, int firstRow, Span<float> scratch)
    {
        var q = queryRows.Length;
        if (q > QueryBlock || scratch.Length < ScratchLength)
        {
            throw new ArgumentException($"At most {QueryBlock} queries and {ScratchLength} scratch floats.");
        }

        var f = _f;
        var tiles = (q + QueriesPerTile - 1) / QueriesPerTile;

        // Query factors factor-major within each tile of 8 (x[j·8 + u]), zero for the tile's unused slots.
        var packed = scratch[..(tiles * QueriesPerTile * f)];
        packed.Clear();
        for (var b = 0; b < q; b++)
        {
            var row = queries.Row(queryRows[b]);
            var tile = packed.Slice(b / QueriesPerTile * QueriesPerTile * f);
            for (var j = 0; j < f; j++)
            {
                tile[(j * QueriesPerTile) + (b % QueriesPerTile)] = row[j];
            }
        }

        var lanes = scratch.Slice(QueryBlock * f, Lanes * PanelsPerTile);
        Span<int> counts = stackalloc int[QueryBlock];
        Span<int> cursors = stackalloc int[QueryBlock];
        counts.Clear();
        cursors.Clear();
        var k = batch.K;
        for (var p0 = 0; p0 < _panelCount; p0 += _blockPanels)
        {
            var p1 = Math.Min(_panelCount, p0 + _blockPanels);
            for (var t = 0; t < tiles; t++)
            {
                var inTile = Math.Min(QueriesPerTile, q - (t * QueriesPerTile));
                ref var x = ref packed[t * QueriesPerTile * f];
                for (var p = p0; p < p1; p += PanelsPerTile)
                {
                    ScoreTile(ref x, p, lanes, inTile, t * QueriesPerTile, queryRows, exclude, batch, firstRow, counts, cursors, k);
                }
            }
        }

        for (var b = 0; b < q; b++)
        {
            TopK.SortBestFirst(batch.ItemSlot(firstRow + b), batch.ScoreSlot(firstRow + b), counts[b]);
            batch.SetCount(firstRow + b, counts[b]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScoreTile(
        ref float x, int panel, Span<float> lanes, int inTile, int firstQuery, ReadOnlySpan<int> queryRows, ExclusionOf exclude,
        RecommendationBatch batch, int firstRow, Span<int> counts, Span<int> cursors, int k)
    {
        var f = _f;
        ref var y = ref MemoryMarshal.GetArrayDataReference(_panels);
        y = ref Unsafe.Add(ref y, (nint)panel * f * Lanes);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        nint second = f * Lanes;
        for (var j = 0; j < f; j++, y = ref Unsafe.Add(ref y, Lanes), x = ref Unsafe.Add(ref x, QueriesPerTile))
        {
            var lo = Vector512.LoadUnsafe(ref y);
            var hi = Vector512.LoadUnsafe(ref Unsafe.Add(ref y, second));
            var s = Vector512.Create(x);
            a0 = Vector512.FusedMultiplyAdd(s, lo, a0); b0 = Vector512.FusedMultiplyAdd(s, hi, b0);
            s = Vector512.Create(Unsafe.Add(ref x, 1));
            a1 = Vector512.FusedMultiplyAdd(s, lo, a1); b1 = Vector512.FusedMultiplyAdd(s, hi, b1);
            s = Vector512.Create(Unsafe.Add(ref x, 2));
            a2 = Vector512.FusedMultiplyAdd(s, lo, a2); b2 = Vector512.FusedMultiplyAdd(s, hi, b2);
            s = Vector512.Create(Unsafe.Add(ref x, 3));
            a3 = Vector512.FusedMultiplyAdd(s, lo, a3); b3 = Vector512.FusedMultiplyAdd(s, hi, b3);
            s = Vector512.Create(Unsafe.Add(ref x, 4));
            a4 = Vector512.FusedMultiplyAdd(s, lo, a4); b4 = Vector512.FusedMultiplyAdd(s, hi, b4);
            s = Vector512.Create(Unsafe.Add(ref x, 5));
            a5 = Vector512.FusedMultiplyAdd(s, lo, a5); b5 = Vector512.FusedMultiplyAdd(s, hi, b5);
            s = Vector512.Create(Unsafe.Add(ref x, 6));
            a6 = Vector512.FusedMultiplyAdd(s, lo, a6); b6 = Vector512.FusedMultiplyAdd(s, hi, b6);
            s = Vector512.Create(Unsafe.Add(ref x, 7));
            a7 = Vector512.FusedMultiplyAdd(s, lo, a7); b7 = Vector512.FusedMultiplyAdd(s, hi, b7);
        }

        var firstItem = panel * Lanes;
        var valid = Items - firstItem >= 32 ? uint.MaxValue : (1u << (Items - firstItem)) - 1;
        var context = new Context(lanes, firstItem, valid, queryRows, exclude, batch, firstRow, counts, cursors, k);
        Offer(ref context, firstQuery, a0, b0);
        if (inTile > 1) Offer(ref context, firstQuery + 1, a1, b1);
        if (inTile > 2) Offer(ref context, firstQuery + 2, a2, b2);
        if (inTile > 3) Offer(ref context, firstQuery + 3, a3, b3);
        if (inTile > 4) Offer(ref context, firstQuery + 4, a4, b4);
        if (inTile > 5) Offer(ref context, firstQuery + 5, a5, b5);
        if (inTile > 6) Offer(ref context, firstQuery + 6, a6, b6);
        if (inTile > 7) Offer(ref context, firstQuery + 7, a7, b7);
    }

    private ref struct Context(
        Span<float> lanes, int firstItem, uint valid, ReadOnlySpan<int> queryRows, ExclusionOf exclude,
        RecommendationBatch batch, int firstRow, Span<int> counts, Span<int> cursors, int k)
    {
        public Span<float> Lanes = lanes;
        public int FirstItem = firstItem;
        public uint Valid = valid;
        public ReadOnlySpan<int> QueryRows = queryRows;
        public ExclusionOf Exclude = exclude;
        public RecommendationBatch Batch = batch;
        public int FirstRow = firstRow;
        public Span<int> Counts = counts;
        public Span<int> Cursors = cursors;
        public int K = k;
    }

    // The fused threshold test: one compare per 16 scores; a full heap admits only scores above its root.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Offer(ref Context c, int b, Vector512<float> lo, Vector512<float> hi)
    {
        var count = c.Counts[b];
        var scores = c.Batch.ScoreSlot(c.FirstRow + b);
        uint mask;
        if (count < c.K)
        {
            mask = c.Valid;
        }
        else
        {
            var root = Vector512.Create(scores[0]);
            mask = ((uint)Vector512.GreaterThan(lo, root).ExtractMostSignificantBits()
                | ((uint)Vector512.GreaterThan(hi, root).ExtractMostSignificantBits() << 16)) & c.Valid;
            if (mask == 0)
            {
                return;
            }
        }

        lo.StoreUnsafe(ref c.Lanes[0]);
        hi.StoreUnsafe(ref c.Lanes[16]);
        var ids = c.Batch.ItemSlot(c.FirstRow + b);
        var excluded = c.Exclude(c.QueryRows[b]);
        var cursor = c.Cursors[b];
        while (mask != 0)
        {
            var lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            var s = c.Lanes[lane];
            var id = c.FirstItem + lane;

            // Scores go up in the heap as it fills, so recheck against the current root.
            if (count == c.K && !(s > scores[0]))
            {
                continue;
            }

            while (cursor < excluded.Length && excluded[cursor] < id)
            {
                cursor++;
            }

            if ((cursor < excluded.Length && excluded[cursor] == id) || float.IsNaN(s))
            {
                continue;
            }

            count = TopK.Push(ids, scores, count, id, s);
        }

        c.Counts[b] = count;
        c.Cursors[b] = cursor;
    }
}
