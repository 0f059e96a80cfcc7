using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Encore.Core.Linalg;

/// <summary>The already-seen ids (ascending) to leave out of query <paramref name="query"/>'s list.</summary>
internal delegate ReadOnlySpan<int> ExclusionOf(int query);

/// <summary>
/// Top-k of every query against every item (brute force, the reference), as a register-blocked matrix product
/// with the selection fused in (<see cref="TileKernel"/>): item blocks sized for L2 and reused by a block of
/// queries. After a tile, each query's 32 scores are compared at once with its current k-th best; only the rare
/// survivors reach the heap.
/// </summary>
/// <remarks>
/// Scores have the same bits whichever tile, block or thread computes them (see <see cref="TileKernel"/>), so
/// lists do not depend on batching or threads. Ids reach a query's heap ascending, so ties keep the lower id, as
/// <see cref="TopK.Select"/> does.
/// </remarks>
internal sealed class TileScorer
{
    public const int QueriesPerTile = TileKernel.QueriesPerTile;

    /// <summary>Queries sharing one pass over the items: their packed factors stay in L1.</summary>
    public const int QueryBlock = 64;

    private const int Lanes = TileKernel.Lanes;

    // Items per L2 block: 2 MiB L2 per core holds a ~512 KiB block beside the other traffic.
    private const int BlockBytes = 512 * 1024;

    private readonly float[] _panels;
    private readonly int _f;
    private readonly int _tiles;
    private readonly int _blockTiles;
    private readonly SimdWidth _width;

    /// <summary>Packs the first <paramref name="f"/> columns of <paramref name="items"/>, to be scored at <paramref name="width"/>.</summary>
    public TileScorer(FactorMatrix items, int f, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(items);
        _f = f;
        _width = width;
        Items = items.Rows;
        var order = new int[items.Rows];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        _panels = TileKernel.Pack(items, f, order);
        _tiles = TileKernel.Tiles(items.Rows);
        _blockTiles = BlockTiles(f);
    }

    /// <summary>Whether the kernel runs at <paramref name="width"/> here: it has a path at every width this machine runs.</summary>
    public static bool IsSupported(SimdWidth width) => Simd.IsSupported(width);

    /// <summary>Item tiles per L2 block for <paramref name="f"/> factors.</summary>
    public static int BlockTiles(int f) => Math.Max(1, BlockBytes / (f * TileKernel.TileItems * sizeof(float)));

    public int Items { get; }

    /// <summary>Factors per row the scorer reads.</summary>
    public int Factors => _f;

    /// <summary>Scratch floats <see cref="Select"/> needs for <see cref="QueryBlock"/> queries.</summary>
    public int ScratchLength => (QueryBlock * _f) + TileKernel.TileItems;

    /// <summary>
    /// Fills rows <paramref name="firstRow"/>.. of <paramref name="batch"/> with the best items of queries
    /// <c>queries.Row(queryRows[b])</c> (at most <see cref="QueryBlock"/>), best first.
    /// </summary>
    public void Select(
        FactorMatrix queries, ReadOnlySpan<int> queryRows, ExclusionOf exclude, TopKBatch batch, int firstRow, Span<float> scratch)
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
        for (var t = 0; t < tiles; t++)
        {
            var inTile = Math.Min(QueriesPerTile, q - (t * QueriesPerTile));
            TileKernel.PackQueries(queries, f, queryRows.Slice(t * QueriesPerTile, inTile), packed.Slice(t * QueriesPerTile * f));
        }

        var lanes = scratch.Slice(QueryBlock * f, TileKernel.TileItems);
        Span<int> counts = stackalloc int[QueryBlock];
        Span<int> cursors = stackalloc int[QueryBlock];
        counts.Clear();
        cursors.Clear();
        var k = batch.K;
        for (var i0 = 0; i0 < _tiles; i0 += _blockTiles)
        {
            var i1 = Math.Min(_tiles, i0 + _blockTiles);
            for (var t = 0; t < tiles; t++)
            {
                var inTile = Math.Min(QueriesPerTile, q - (t * QueriesPerTile));
                var sink = new AscendingSink(lanes, queryRows, exclude, batch, firstRow, counts, cursors, k) { FirstQuery = t * QueriesPerTile };
                for (var i = i0; i < i1; i++)
                {
                    sink.FirstItem = i * TileKernel.TileItems;
                    sink.Valid = Items - sink.FirstItem >= TileKernel.TileItems ? uint.MaxValue : (1u << (Items - sink.FirstItem)) - 1;
                    TileKernel.Score(_width, ref packed[t * QueriesPerTile * f], _panels, i, f, inTile, ref sink);
                }
            }
        }

        for (var b = 0; b < q; b++)
        {
            TopK.SortBestFirst(batch.ItemSlot(firstRow + b), batch.ScoreSlot(firstRow + b), counts[b]);
            batch.SetCount(firstRow + b, counts[b]);
        }
    }

    // Items arrive in ascending id order, so the exclusions are checked by a moving cursor and a tie never
    // displaces the root (it has the lower id).
    private ref struct AscendingSink(
        Span<float> lanes, ReadOnlySpan<int> queryRows, ExclusionOf exclude,
        TopKBatch batch, int firstRow, Span<int> counts, Span<int> cursors, int k) : ITileSink
    {
        private readonly Span<float> _lanes = lanes;
        private readonly ReadOnlySpan<int> _queryRows = queryRows;
        private readonly Span<int> _counts = counts;
        private readonly Span<int> _cursors = cursors;

        public int FirstQuery;
        public int FirstItem;
        public uint Valid;

        // The fused threshold test: one compare per 16 scores; a full heap admits only scores above its root.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Offer(int slot, Vector512<float> lo, Vector512<float> hi)
        {
            var b = FirstQuery + slot;
            uint mask;
            if (_counts[b] < k)
            {
                mask = Valid;
            }
            else
            {
                var root = Vector512.Create(batch.ScoreSlot(firstRow + b)[0]);
                mask = ((uint)Vector512.GreaterThan(lo, root).ExtractMostSignificantBits()
                    | ((uint)Vector512.GreaterThan(hi, root).ExtractMostSignificantBits() << 16)) & Valid;
                if (mask == 0)
                {
                    return;
                }
            }

            lo.StoreUnsafe(ref _lanes[0]);
            hi.StoreUnsafe(ref _lanes[Lanes]);
            Admit(b, mask, _lanes);
        }

        // The same test, one score at a time.
        public readonly void Offer(int slot, scoped ReadOnlySpan<float> scores)
        {
            var b = FirstQuery + slot;
            var mask = Valid;
            if (_counts[b] == k)
            {
                var root = batch.ScoreSlot(firstRow + b)[0];
                mask = 0;
                for (var lane = 0; lane < TileKernel.TileItems; lane++)
                {
                    mask |= scores[lane] > root ? 1u << lane : 0;
                }

                mask &= Valid;
            }

            if (mask != 0)
            {
                Admit(b, mask, scores);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Admit(int b, uint mask, scoped ReadOnlySpan<float> lanes)
        {
            var count = _counts[b];
            var scores = batch.ScoreSlot(firstRow + b);
            var ids = batch.ItemSlot(firstRow + b);
            var excluded = exclude(_queryRows[b]);
            var cursor = _cursors[b];
            while (mask != 0)
            {
                var lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                var s = lanes[lane];
                var id = FirstItem + lane;

                // Scores go up in the heap as it fills, so recheck against the current root.
                if (count == k && !(s > scores[0]))
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

            _counts[b] = count;
            _cursors[b] = cursor;
        }
    }
}
