using Encore.Core.Runtime;

namespace Encore.Core.Linalg;

/// <summary>
/// Approximate top-k of every row of a unit-vector matrix against all rows (an inverted-file index): rows are
/// partitioned by <see cref="SphericalKMeans"/>, each row lives in its nearest cluster and searches the
/// <see cref="Probes"/> clusters nearest to it, where the candidates are scored exactly. A listed neighbour has
/// its brute-force score bit for bit; only a true neighbour outside the probed clusters can be missed. Probing
/// every cluster is the brute-force search. Deterministic for a seed at any thread count.
/// </summary>
/// <remarks>
/// Queries go in blocks of rows from the same clusters, so their probe lists overlap: each probed cluster is
/// scored once for all the block's queries that probe it, in full tiles of 8 (see <see cref="TileKernel"/>).
/// </remarks>
internal sealed class ClusteredTopK
{
    // Queries per block: rows of one or two clusters, whose probes mostly coincide.
    private const int QueryBlock = 256;

    private readonly FactorMatrix _unit;
    private readonly int _f;
    private readonly int _probes;
    private readonly int[] _nearest;
    private readonly int[] _clusterStart;
    private readonly int[] _clusterTiles;
    private readonly int[] _ids;
    private readonly int[] _queryOrder;
    private readonly float[] _panels;
    private readonly SimdWidth _width;

    /// <param name="unit">Rows to search (unit length or zero).</param>
    /// <param name="f">Columns of <paramref name="unit"/> the search reads.</param>
    /// <param name="clusters">Partitions (clamped to [1, rows]).</param>
    /// <param name="probes">Clusters searched per row (clamped to [1, clusters]).</param>
    /// <param name="sampleSize">Rows the k-means fits on.</param>
    /// <param name="iterations">k-means iterations.</param>
    /// <param name="seed">Random seed of the k-means sample.</param>
    /// <param name="threads">Worker threads; the result does not depend on them.</param>
    /// <param name="width">Kernel width; the result does not depend on it either (see <see cref="TileKernel"/>).</param>
    public ClusteredTopK(FactorMatrix unit, int f, int clusters, int probes, int sampleSize, int iterations, ulong seed, int threads, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(unit);
        _unit = unit;
        _f = f;
        _width = width;
        var m = unit.Rows;
        Clusters = Math.Clamp(clusters, 1, Math.Max(1, m));
        _probes = Math.Clamp(probes, 1, Clusters);
        Threads = threads;
        var centroids = SphericalKMeans.Fit(unit, f, Clusters, sampleSize, iterations, seed, threads, width);

        var all = new int[m];
        for (var i = 0; i < m; i++)
        {
            all[i] = i;
        }

        var nearest = new TopKBatch(m, _probes);
        SphericalKMeans.Nearest(centroids, f, unit, all, threads, nearest, width);
        _nearest = new int[m * _probes];
        var home = new int[m];
        for (var i = 0; i < m; i++)
        {
            // A row with NaN factors has no nearest centroid: it lives in (and probes) cluster 0 alone.
            var list = nearest.Items(i);
            home[i] = list.Length > 0 ? list[0] : 0;
            var probed = _nearest.AsSpan(i * _probes, _probes);
            probed.Fill(-1);
            list.CopyTo(probed);
            if (list.Length == 0)
            {
                probed[0] = 0;
            }
        }

        // Rows by cluster, ascending within each; every cluster starts on a tile boundary.
        var sizes = new int[Clusters];
        foreach (var c in home)
        {
            sizes[c]++;
        }

        _clusterStart = new int[Clusters];
        _clusterTiles = new int[Clusters];
        var positions = 0;
        for (var c = 0; c < Clusters; c++)
        {
            _clusterStart[c] = positions;
            _clusterTiles[c] = TileKernel.Tiles(sizes[c]);
            positions += _clusterTiles[c] * TileKernel.TileItems;
        }

        _ids = new int[positions];
        _ids.AsSpan().Fill(-1);
        _queryOrder = new int[m];
        var next = (int[])_clusterStart.Clone();
        var offsets = new int[Clusters + 1];
        for (var c = 0; c < Clusters; c++)
        {
            offsets[c + 1] = offsets[c] + sizes[c];
        }

        for (var i = 0; i < m; i++)
        {
            _ids[next[home[i]]++] = i;
            _queryOrder[offsets[home[i]]++] = i;
        }

        _panels = TileKernel.Pack(unit, f, _ids);
    }

    public int Clusters { get; }

    public int Probes => _probes;

    public int Threads { get; }

    /// <summary>Row-candidate scores computed by <see cref="SelectAll"/> (whole tiles; for measuring).</summary>
    public long ScoredPairs { get; private set; }

    /// <summary>
    /// Fills row i of <paramref name="batch"/> with the best rows for row i (best first, score then lower row),
    /// leaving out <paramref name="exclude"/>(i). <paramref name="onBlock"/> gets the rows finished by each block.
    /// </summary>
    public void SelectAll(TopKBatch batch, ExclusionOf exclude, Action<int>? onBlock = null, CancellationToken cancellationToken = default)
    {
        var m = _unit.Rows;
        var f = _f;
        long scored = 0;
        ParallelRanges.For<float>(m, QueryBlock, Threads, (TileKernel.QueriesPerTile * f) + TileKernel.TileItems, (start, end, scratch) =>
        {
            var local = SelectBlock(_queryOrder.AsSpan(start, end - start), batch, exclude, scratch);
            Interlocked.Add(ref scored, local);
            onBlock?.Invoke(end - start);
        }, cancellationToken);
        ScoredPairs = scored;
    }

    /// <summary>
    /// Improves every list of <paramref name="batch"/> (as <see cref="SelectAll"/> left it) with the neighbours of
    /// its neighbours, scored exactly (NN-descent, Dong et al. 2011): a true neighbour that fell in an unprobed
    /// cluster is usually a neighbour of a found one. Each round reads only the previous round's lists, so the
    /// result does not depend on threads.
    /// </summary>
    public void Refine(TopKBatch batch, ExclusionOf exclude, int rounds, CancellationToken cancellationToken = default)
    {
        var m = _unit.Rows;
        var k = batch.K;
        var previous = new TopKBatch(m, k);
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < m; i++)
            {
                batch.Items(i).CopyTo(previous.ItemSlot(i));
                batch.Scores(i).CopyTo(previous.ScoreSlot(i));
                previous.SetCount(i, batch.Count(i));
            }

            long scored = 0;
            ParallelRanges.For<int>(m, 1024, Threads, 0, (start, end, _) =>
            {
                long local = 0;
                for (var i = start; i < end; i++)
                {
                    local += RefineRow(i, previous, batch, exclude(i));
                }

                Interlocked.Add(ref scored, local);
            }, cancellationToken);
            ScoredPairs += scored;
        }
    }

    // Row i's list from its previous list and its neighbours' previous lists; returns the pairs scored.
    private int RefineRow(int i, TopKBatch previous, TopKBatch batch, ReadOnlySpan<int> excluded)
    {
        var ids = batch.ItemSlot(i);
        var scores = batch.ScoreSlot(i);
        var k = ids.Length;
        var count = previous.Count(i);
        previous.Items(i).CopyTo(ids);
        previous.Scores(i).CopyTo(scores);

        // Back to a heap (worst at the root): a best-first list reversed is a valid min-heap order.
        ids[..count].Reverse();
        scores[..count].Reverse();
        var x = _unit.Row(i)[.._f];
        var scored = 0;
        foreach (var j in previous.Items(i))
        {
            foreach (var c in previous.Items(j))
            {
                // A candidate already in the heap is skipped; one that left it (or never got in) cannot beat the
                // root now, since the root only rises, so no other bookkeeping is needed.
                if (c == i || ids[..count].Contains(c) || (excluded.Length > 0 && excluded.BinarySearch(c) >= 0))
                {
                    continue;
                }

                var s = Dot(x, _unit.Row(c));
                scored++;
                if (float.IsNaN(s) || (count == k && !(s > scores[0] || (s == scores[0] && c < ids[0]))))
                {
                    continue;
                }

                count = TopK.Push(ids, scores, count, c, s);
            }
        }

        TopK.SortBestFirst(ids, scores, count);
        batch.SetCount(i, count);
        return scored;
    }

    // Σⱼ xⱼyⱼ by FMAs in factor order: the bits of the tiled kernel's lane for the same pair.
    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var s = 0f;
        for (var j = 0; j < x.Length; j++)
        {
            s = MathF.FusedMultiplyAdd(x[j], y[j], s);
        }

        return s;
    }

    private long SelectBlock(ReadOnlySpan<int> queries, TopKBatch batch, ExclusionOf exclude, Span<float> scratch)
    {
        const int Tile = TileKernel.QueriesPerTile;
        var f = _f;
        var q = queries.Length;

        // (cluster, query) pairs of the block sorted by cluster: key = cluster · QueryBlock + block index.
        Span<int> pairs = q * _probes <= 4096 ? stackalloc int[q * _probes] : new int[q * _probes];
        var count = 0;
        for (var b = 0; b < q; b++)
        {
            foreach (var c in _nearest.AsSpan(queries[b] * _probes, _probes))
            {
                if (c >= 0)
                {
                    pairs[count++] = (c * QueryBlock) + b;
                }
            }
        }

        pairs = pairs[..count];
        pairs.Sort();
        Span<int> counts = stackalloc int[QueryBlock];
        Span<int> slots = stackalloc int[Tile];
        Span<int> rows = stackalloc int[Tile];
        counts.Clear();
        var packed = scratch[..(Tile * f)];
        var sink = new HeapSink(scratch.Slice(Tile * f, TileKernel.TileItems), _ids, queries, exclude, batch, queries, counts);
        long scored = 0;
        for (var p = 0; p < count;)
        {
            var cluster = pairs[p] / QueryBlock;
            var first = _clusterStart[cluster] / TileKernel.TileItems;
            var tiles = _clusterTiles[cluster];
            var group = p;
            while (group < count && pairs[group] / QueryBlock == cluster)
            {
                group++;
            }

            for (; p < group; p += Math.Min(Tile, group - p))
            {
                var inTile = Math.Min(Tile, group - p);
                for (var s = 0; s < inTile; s++)
                {
                    slots[s] = pairs[p + s] % QueryBlock;
                    rows[s] = queries[slots[s]];
                }

                TileKernel.PackQueries(_unit, f, rows[..inTile], packed);
                sink.Queries = slots[..inTile];
                for (var t = 0; t < tiles; t++)
                {
                    sink.FirstPosition = (first + t) * TileKernel.TileItems;
                    TileKernel.Score(_width, ref packed[0], _panels, first + t, f, inTile, ref sink);
                }

                scored += (long)inTile * tiles * TileKernel.TileItems;
            }
        }

        for (var b = 0; b < q; b++)
        {
            TopK.SortBestFirst(batch.ItemSlot(queries[b]), batch.ScoreSlot(queries[b]), counts[b]);
            batch.SetCount(queries[b], counts[b]);
        }

        return scored;
    }
}
