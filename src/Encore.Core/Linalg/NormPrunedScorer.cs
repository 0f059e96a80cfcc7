
namespace Encore.Core.Linalg;

/// <summary>
/// Exact top-k by inner product that skips most items: items are scored in order of descending norm, and a query
/// stops once ‖x‖·(largest norm not yet scored) cannot reach its k-th best score (Cauchy–Schwarz). The lists equal
/// <see cref="TileScorer"/>'s bit for bit: same kernel, same scores, same total order (score, then lower id).
/// </summary>
/// <remarks>
/// A block of queries walks the items in L2-sized blocks; after each block the finished queries leave and the rest
/// are repacked into full tiles of 8, so a slow query does not keep seven finished ones computing.
/// </remarks>
internal sealed partial class NormPrunedScorer
{
    /// <summary>Queries sharing one pass: more of them keep the repacked tiles full as queries finish.</summary>
    public const int QueryBlock = 256;

    private readonly float[] _panels;
    private readonly int[] _ids;
    private readonly double[] _tileNorm;
    private readonly int _f;
    private readonly int _tiles;
    private readonly int _blockTiles;
    private readonly double _slack;
    private readonly double _floor;
    private readonly SimdWidth _width;
    private long _scored;

    /// <summary>Sorts and packs the first <paramref name="f"/> columns of <paramref name="items"/>, to be scored at <paramref name="width"/>.</summary>
    public NormPrunedScorer(FactorMatrix items, int f, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(items);
        _f = f;
        _width = width;
        Items = items.Rows;
        var norms = new double[items.Rows];
        var order = new int[items.Rows];
        for (var i = 0; i < norms.Length; i++)
        {
            var norm = Norm(items.Row(i)[..f]);

            // A NaN item goes first: it can never be bounded, and its NaN scores are skipped anyway.
            norms[i] = double.IsNaN(norm) ? double.PositiveInfinity : norm;
            order[i] = i;
        }

        Array.Sort(order, (a, b) => norms[a] != norms[b] ? norms[b].CompareTo(norms[a]) : a.CompareTo(b));
        _tiles = TileKernel.Tiles(items.Rows);
        _ids = new int[_tiles * TileKernel.TileItems];
        _ids.AsSpan().Fill(-1);
        order.CopyTo(_ids, 0);
        _panels = TileKernel.Pack(items, f, order);
        _tileNorm = new double[_tiles + 1];
        for (var t = 0; t < _tiles; t++)
        {
            _tileNorm[t] = norms[order[t * TileKernel.TileItems]];
        }

        _blockTiles = TileScorer.BlockTiles(f);

        // A float FMA chain of f terms is within f·2⁻²⁴·‖x‖‖y‖ of the exact dot; twice that covers the norms'
        // own rounding, so an unscored item's computed score never exceeds the bound.
        _slack = 1 + (2.0 * (f + 2) * Math.ScaleB(1, -24));

        // Each FMA may also lose up to 2⁻¹⁵⁰ absolutely when its result is subnormal.
        _floor = f * Math.ScaleB(1, -149);
    }

    public int Items { get; }

    /// <summary>Item scores computed so far, summed over queries (each query counts whole 32-item tiles).</summary>
    public long ScoredItems => Interlocked.Read(ref _scored);

    /// <summary>Scratch floats <see cref="Select"/> needs.</summary>
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

        const int Tile = TileKernel.QueriesPerTile;
        var f = _f;
        var k = batch.K;
        Span<double> queryNorm = stackalloc double[QueryBlock];
        Span<int> active = stackalloc int[QueryBlock];
        Span<int> counts = stackalloc int[QueryBlock];
        Span<int> rows = stackalloc int[QueryBlock];
        Span<int> packedRows = stackalloc int[Tile];
        counts.Clear();
        for (var b = 0; b < q; b++)
        {
            queryNorm[b] = Norm(queries.Row(queryRows[b])[..f]) * _slack;
            active[b] = b;
            rows[b] = firstRow + b;
        }

        var packed = scratch[..(QueryBlock * f)];
        var lanes = scratch.Slice(QueryBlock * f, TileKernel.TileItems);
        var live = q;
        var repack = true;
        var sink = new HeapSink(lanes, _ids, queryRows, exclude, batch, rows, counts);
        long scored = 0;
        for (var i0 = 0; i0 < _tiles && live > 0; i0 += _blockTiles)
        {
            var i1 = Math.Min(_tiles, i0 + _blockTiles);
            if (repack)
            {
                for (var t = 0; t * Tile < live; t++)
                {
                    var inTile = Math.Min(Tile, live - (t * Tile));
                    for (var s = 0; s < inTile; s++)
                    {
                        packedRows[s] = queryRows[active[(t * Tile) + s]];
                    }

                    TileKernel.PackQueries(queries, f, packedRows[..inTile], packed.Slice(t * Tile * f));
                }

                repack = false;
            }

            for (var t = 0; t * Tile < live; t++)
            {
                var inTile = Math.Min(Tile, live - (t * Tile));
                sink.Queries = active.Slice(t * Tile, inTile);
                for (var i = i0; i < i1; i++)
                {
                    sink.FirstPosition = i * TileKernel.TileItems;
                    TileKernel.Score(_width, ref packed[t * Tile * f], _panels, i, f, inTile, ref sink);
                }
            }

            scored += (long)live * (i1 - i0) * TileKernel.TileItems;

            // Everything after this block has norm ≤ the next tile's first item's.
            var rest = _tileNorm[i1];
            var kept = 0;
            for (var a = 0; a < live; a++)
            {
                var b = active[a];
                if (counts[b] < k || !(batch.ScoreSlot(rows[b])[0] > (queryNorm[b] * rest) + _floor))
                {
                    active[kept++] = b;
                }
            }

            repack = kept != live;
            live = kept;
        }

        Interlocked.Add(ref _scored, scored);
        for (var b = 0; b < q; b++)
        {
            TopK.SortBestFirst(batch.ItemSlot(rows[b]), batch.ScoreSlot(rows[b]), counts[b]);
            batch.SetCount(rows[b], counts[b]);
        }
    }

    private static double Norm(ReadOnlySpan<float> row)
    {
        var sum = 0.0;
        foreach (var v in row)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum);
    }
}
