using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
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
    // Queries per block: rows of about one cluster, whose probes mostly coincide, so each probed cluster is scored
    // for many of them while it is in cache (at full scale 256 took 36 % longer; 4,096 no less than 1,024; scoring
    // a cluster in L1-sized chunks of tiles for all its queries in turn gained nothing more).
    internal const int QueryBlock = 1024;

    // Refinement candidates scored side by side: eight FMA chains cover the FMA latency at two FMAs per cycle.
    private const int Chains = 8;

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

    /// <summary>Rows of cluster <paramref name="cluster"/>, rounded up to whole tiles (what a probe of it scores).</summary>
    internal int ClusterPositions(int cluster) => _clusterTiles[cluster] * TileKernel.TileItems;

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
        ParallelRanges.For<float>(m, QueryBlock, Threads, ScratchLength(f, _probes), (start, end, scratch) =>
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
    /// <remarks>
    /// Row i's new list is the top k of its previous list and the previous lists of its neighbours (score
    /// descending, then lower id; NaN, i and its exclusions left out). That set does not depend on the order its
    /// members are offered in, so each distinct candidate is scored once, eight at a time in independent FMA chains;
    /// the next row's candidates are gathered and their factors prefetched before this row's are scored, and rows go
    /// in cluster order, so consecutive rows share their candidates' cache lines. The lists equal
    /// <see cref="RefineReference"/>'s bit for bit (ids, order and score bits).
    /// </remarks>
    public void Refine(TopKBatch batch, ExclusionOf exclude, int rounds, CancellationToken cancellationToken = default) =>
        RefineRounds(batch, exclude, rounds, reference: false, cancellationToken);

    /// <summary>
    /// <see cref="Refine"/> one candidate at a time in row order (every neighbour's neighbour scored by its own
    /// FMA chain, duplicates included): the slow reference the fast rounds are tested and measured against.
    /// </summary>
    internal void RefineReference(TopKBatch batch, ExclusionOf exclude, int rounds, CancellationToken cancellationToken = default) =>
        RefineRounds(batch, exclude, rounds, reference: true, cancellationToken);

    private void RefineRounds(TopKBatch batch, ExclusionOf exclude, int rounds, bool reference, CancellationToken cancellationToken)
    {
        var m = _unit.Rows;
        var k = batch.K;
        var previous = new TopKBatch(m, k);
        var scratch = reference ? 0 : SeenTableLength(k) + (2 * k * k);
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < m; i++)
            {
                batch.Items(i).CopyTo(previous.ItemSlot(i));
                batch.Scores(i).CopyTo(previous.ScoreSlot(i));
                previous.SetCount(i, batch.Count(i));
            }

            long scored = 0;
            ParallelRanges.For<int>(m, 1024, Threads, scratch, (start, end, ints) =>
            {
                long local = 0;
                if (reference)
                {
                    for (var i = start; i < end; i++)
                    {
                        local += RefineRowReference(i, previous, batch, exclude(i));
                    }
                }
                else
                {
                    // One row ahead: the next row's candidates are gathered (and their factors prefetched) before
                    // this row's are scored, so the cache misses overlap this row's FMAs.
                    var seen = ints[..SeenTableLength(k)];
                    var current = ints.Slice(seen.Length, k * k);
                    var next = ints.Slice(seen.Length + (k * k), k * k);
                    var n = GatherCandidates(_queryOrder[start], previous, exclude(_queryOrder[start]), seen, current);
                    for (var r = start; r < end; r++)
                    {
                        var following = 0;
                        if (r + 1 < end)
                        {
                            var row = _queryOrder[r + 1];
                            following = GatherCandidates(row, previous, exclude(row), seen, next);
                        }

                        RefineRow(_queryOrder[r], previous, batch, current[..n]);
                        local += n;
                        var swap = current;
                        current = next;
                        next = swap;
                        n = following;
                    }
                }

                Interlocked.Add(ref scored, local);
            }, cancellationToken);
            ScoredPairs += scored;
        }
    }

    // Row i's candidates: its neighbours' previous lists less duplicates, i, its own list and its exclusions (a
    // member of its list is in the heap already with the same score bits; one that leaves it later could not come
    // back in). Their factors are prefetched. Returns how many were written to candidates.
    private int GatherCandidates(int i, TopKBatch previous, ReadOnlySpan<int> excluded, Span<int> seen, Span<int> candidates)
    {
        var neighbours = previous.Items(i);
        seen.Fill(-1);
        MarkSeen(seen, i);
        foreach (var j in neighbours)
        {
            MarkSeen(seen, j);
        }

        var n = 0;
        foreach (var j in neighbours)
        {
            foreach (var c in previous.Items(j))
            {
                if (MarkSeen(seen, c) && (excluded.Length == 0 || excluded.BinarySearch(c) < 0))
                {
                    candidates[n++] = c;
                    Prefetch(c);
                }
            }
        }

        return n;
    }

    // Row i's list: the top k of its previous list and its candidates, which are scored eight at a time.
    private void RefineRow(int i, TopKBatch previous, TopKBatch batch, ReadOnlySpan<int> candidates)
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
        Span<float> chain = stackalloc float[Chains];
        for (var at = 0; at < candidates.Length; at += Chains)
        {
            var group = candidates.Slice(at, Math.Min(Chains, candidates.Length - at));
            DotChains(x, group, chain);
            for (var g = 0; g < group.Length; g++)
            {
                var c = group[g];
                var s = chain[g];
                if (float.IsNaN(s) || (count == k && !(s > scores[0] || (s == scores[0] && c < ids[0]))))
                {
                    continue;
                }

                count = TopK.Push(ids, scores, count, c, s);
            }
        }

        TopK.SortBestFirst(ids, scores, count);
        batch.SetCount(i, count);
    }

    // The reference row: every neighbour's neighbour in list order, each scored by Dot unless it is in the heap now;
    // returns the pairs scored.
    private int RefineRowReference(int i, TopKBatch previous, TopKBatch batch, ReadOnlySpan<int> excluded)
    {
        var ids = batch.ItemSlot(i);
        var scores = batch.ScoreSlot(i);
        var k = ids.Length;
        var count = previous.Count(i);
        previous.Items(i).CopyTo(ids);
        previous.Scores(i).CopyTo(scores);
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

    // Open addressing over at least twice the ids a row can mark (i, its list, k² candidates): probes stay short.
    private static int SeenTableLength(int k) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, 2 * (1 + k + (k * k))));

    // Adds id (≥ 0) to the table (−1: empty slot); false when it was there already.
    private static bool MarkSeen(Span<int> table, int id)
    {
        var mask = table.Length - 1;
        var slot = (int)(((uint)id * 0x9E3779B1u) >> (32 - BitOperations.Log2((uint)table.Length))) & mask;
        while (true)
        {
            var at = table[slot];
            if (at == id)
            {
                return false;
            }

            if (at < 0)
            {
                table[slot] = id;
                return true;
            }

            slot = (slot + 1) & mask;
        }
    }

    // Asks for row `row`'s factors before they are scored: a row's candidates are spread over the matrix, and their
    // cache misses then overlap instead of stalling each FMA chain in turn.
    private unsafe void Prefetch(int row)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var address = (byte*)_unit.DataAddress + ((nint)row * _unit.Columns * sizeof(float));
        for (var offset = 0; offset < _f * sizeof(float); offset += 64)
        {
            Sse.Prefetch0(address + offset);
        }
    }

    // Σⱼ xⱼyⱼ of x with each of rows (at most Chains; the rest of scores is left undefined), every score by FMAs in
    // factor order as Dot does: the same bits. The chains are independent, so the core overlaps their FMAs instead of
    // waiting out each one's latency in turn. A group of fewer rows repeats its last.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DotChains(ReadOnlySpan<float> x, ReadOnlySpan<int> rows, Span<float> scores)
    {
        ref var first = ref _unit.First;
        nint columns = _unit.Columns;
        var last = rows.Length - 1;
        ref var y0 = ref Unsafe.Add(ref first, rows[0] * columns);
        ref var y1 = ref Unsafe.Add(ref first, rows[Math.Min(1, last)] * columns);
        ref var y2 = ref Unsafe.Add(ref first, rows[Math.Min(2, last)] * columns);
        ref var y3 = ref Unsafe.Add(ref first, rows[Math.Min(3, last)] * columns);
        ref var y4 = ref Unsafe.Add(ref first, rows[Math.Min(4, last)] * columns);
        ref var y5 = ref Unsafe.Add(ref first, rows[Math.Min(5, last)] * columns);
        ref var y6 = ref Unsafe.Add(ref first, rows[Math.Min(6, last)] * columns);
        ref var y7 = ref Unsafe.Add(ref first, rows[Math.Min(7, last)] * columns);
        ref var xs = ref MemoryMarshal.GetReference(x);
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        for (nint j = 0; j < x.Length; j++)
        {
            var xj = Unsafe.Add(ref xs, j);
            s0 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y0, j), s0);
            s1 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y1, j), s1);
            s2 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y2, j), s2);
            s3 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y3, j), s3);
            s4 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y4, j), s4);
            s5 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y5, j), s5);
            s6 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y6, j), s6);
            s7 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y7, j), s7);
        }

        scores[0] = s0;
        scores[1] = s1;
        scores[2] = s2;
        scores[3] = s3;
        scores[4] = s4;
        scores[5] = s5;
        scores[6] = s6;
        scores[7] = s7;
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

    // A block's scratch: one query tile packed, the sink's lanes, and the block's (cluster, query) pairs as ints.
    private static int ScratchLength(int f, int probes) =>
        (TileKernel.QueriesPerTile * f) + TileKernel.TileItems + (QueryBlock * probes);

    private long SelectBlock(ReadOnlySpan<int> queries, TopKBatch batch, ExclusionOf exclude, Span<float> scratch)
    {
        const int Tile = TileKernel.QueriesPerTile;
        var f = _f;
        var q = queries.Length;

        // (cluster, query) pairs of the block sorted by cluster: key = cluster · QueryBlock + block index.
        var pairs = MemoryMarshal.Cast<float, int>(scratch.Slice((Tile * f) + TileKernel.TileItems, q * _probes));
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
