using System.Numerics.Tensors;
using Encore.Core.Linalg;
using Encore.Core.Runtime;

namespace Encore.Core.Models.Similar;

/// <summary>How <see cref="AlsItemSimilarity.SimilarToAll"/> finds each item's neighbours.</summary>
public enum SimilarSearch
{
    /// <summary><see cref="Fast"/> above <see cref="AlsItemSimilarity.AutoFastAbove"/> candidates, otherwise <see cref="Exact"/>.</summary>
    Auto,

    /// <summary>Every candidate scored against every other: the reference.</summary>
    Exact,

    /// <summary>
    /// Clustered search (<see cref="ClusteredTopK"/>): candidates in the nearest clusters only, scored exactly.
    /// One item's <see cref="AlsItemSimilarity.SimilarItems"/> stays exact: it is a single cheap pass.
    /// </summary>
    Fast,
}

/// <summary>
/// Similar tracks by cosine of ALS item factors, cos(i, j) = yᵢ·yⱼ / (‖yᵢ‖‖yⱼ‖), as implicit's
/// <c>similar_items</c> (docs/seed.md §4.4), restricted to candidate items, i.e. those with train listens (§9.7: an
/// item without listens keeps near-random factors and spurious neighbours). A zero vector has cosine 0 to all.
/// </summary>
public sealed class AlsItemSimilarity : IItemSimilarity
{
    // Sources scored together against candidate tiles that stay in L2 (MatVec.MultiplyBlocked): each tile streams
    // from memory once per block of sources, which makes the all-pairs pass a blocked matrix-matrix product.
    private const int SourceBlock = 8;

    private int[]? _candidates;
    private FactorMatrix? _unit;
    private int[]? _positions;
    private TileScorer? _scorer;
    private ClusteredTopK? _clustered;

    /// <param name="threads">Worker threads; 0 means one per processor. Results do not depend on it.</param>
    /// <param name="search">Exact or clustered search for <see cref="SimilarToAll"/>.</param>
    /// <param name="seed">Random seed of the clustered search's k-means sample.</param>
    public AlsItemSimilarity(int threads = 0, SimilarSearch search = SimilarSearch.Exact, int seed = 0)
    {
        if (threads < 0)
        {
            throw new EncoreException($"Parameter 'threads' must be ≥ 0 (0 = all processors), got {threads}.");
        }

        if (!Enum.IsDefined(search))
        {
            throw new EncoreException($"Parameter 'similar_search' has an unknown value {(int)search}.");
        }

        Threads = threads == 0 ? Environment.ProcessorCount : threads;
        Search = search;
        Seed = seed;
    }

    /// <summary>Candidate count above which <see cref="SimilarSearch.Auto"/> searches fast: below it exact is quick anyway.</summary>
    public const int AutoFastAbove = 4096;

    public int Threads { get; }

    public SimilarSearch Search { get; }

    public int Seed { get; }

    /// <summary>Clusters of the fast search; 0 picks ≈ √candidates.</summary>
    internal int Clusters { get; init; }

    /// <summary>Clusters each item searches in the fast search; 0 picks the default.</summary>
    internal int Probes { get; init; }

    /// <summary>Neighbour-of-neighbour rounds after the clustered search; −1 picks the default.</summary>
    internal int RefineRounds { get; init; } = -1;

    /// <summary>The fast search once <see cref="SimilarToAll"/> has built it (for measuring), else null.</summary>
    internal ClusteredTopK? Clustered => _clustered;

    /// <summary>Kernel width; settable so tests can compare widths.</summary>
    internal SimdWidth Width { get; set; } = Simd.Best;

    public ReadOnlySpan<int> Candidates => _candidates ?? throw NotFitted();

    /// <summary>
    /// Keeps the unit-length factors of <paramref name="candidates"/>, zero-padded to a multiple of 16 floats so
    /// the widest kernel applies to any factor count.
    /// </summary>
    /// <param name="itemFactors">Items×factors of a fitted model.</param>
    /// <param name="candidates">Internal ids of the items with train listens, strictly ascending.</param>
    public void Fit(FactorMatrix itemFactors, ReadOnlySpan<int> candidates)
    {
        ArgumentNullException.ThrowIfNull(itemFactors);
        CandidateSet.Check(candidates, itemFactors.Rows);
        var f = itemFactors.Columns;
        var padded = (f + 15) / 16 * 16;
        var unit = new FactorMatrix(candidates.Length, padded);
        for (var c = 0; c < candidates.Length; c++)
        {
            var source = itemFactors.Row(candidates[c]);
            var norm = TensorPrimitives.Norm(source);
            if (norm > 0)
            {
                TensorPrimitives.Divide(source, norm, unit.Row(c)[..f]);
            }
        }

        _candidates = candidates.ToArray();
        _unit = unit;
        _positions = new int[candidates.Length];
        for (var c = 0; c < _positions.Length; c++)
        {
            _positions[c] = c;
        }

        // The tiled kernel packs only the f real columns: it needs no padding.
        _scorer = TileScorer.IsSupported(Width) ? new TileScorer(unit, f, Width) : null;
        _clustered = null;
    }

    /// <summary>Whether <see cref="SimilarToAll"/> searches by clusters for <paramref name="candidates"/> candidates.</summary>
    public bool SearchesFast(int candidates) =>
        TileScorer.IsSupported(Width) && (Search == SimilarSearch.Fast || (Search == SimilarSearch.Auto && candidates > AutoFastAbove));

    public int SimilarItems(int item, Span<int> items, Span<float> scores)
    {
        var candidates = _candidates ?? throw NotFitted();
        var at = CandidateSet.IndexOf(candidates, item);
        var unit = _unit!;
        if (_scorer is { } scorer)
        {
            // The batch kernel, so that one item's list has the same bits as in SimilarToAll.
            var one = new TopKBatch(1, Math.Max(1, items.Length));
            scorer.Select(unit, [at], Self, one, 0, new float[scorer.ScratchLength]);
            var n = Math.Min(items.Length, one.Count(0));
            one.Items(0)[..n].CopyTo(items);
            one.Scores(0)[..n].CopyTo(scores);
            CandidateSet.ToItems(candidates, items[..n]);
            return n;
        }

        var all = new float[candidates.Length];
        ScoreBlock(unit, [at], all);
        var count = TopK.Select(all, [at], items, scores);
        CandidateSet.ToItems(candidates, items[..count]);
        return count;
    }

    public SimilarItemLists SimilarToAll(int k, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        var candidates = _candidates ?? throw NotFitted();
        CandidateSet.CheckK(k);
        var unit = _unit!;
        var m = candidates.Length;
        var batch = new TopKBatch(m, k);
        var done = 0;
        if (SearchesFast(m))
        {
            // Clustering takes a while before the first list is done: say so.
            progress?.Report(new ProgressUpdate("Similar items (ALS)", 0, m, "items"));
            var clusters = Clusters > 0 ? Clusters : Math.Max(1, (int)Math.Sqrt(m));
            var clustered = _clustered ??= new ClusteredTopK(
                unit, _scorer!.Factors, clusters, Probes > 0 ? Probes : DefaultProbes, Math.Min(m, SamplePerCluster * clusters), KMeansIterations,
                (ulong)(uint)Seed, Threads, Width);
            clustered.SelectAll(batch, Self, added => Report(progress, ref done, added, m), cancellationToken);
            clustered.Refine(batch, Self, RefineRounds >= 0 ? RefineRounds : DefaultRefineRounds, cancellationToken);
            for (var i = 0; i < m; i++)
            {
                CandidateSet.ToItems(candidates, batch.ItemSlot(i)[..batch.Count(i)]);
            }

            return new SimilarItemLists(candidates, batch);
        }

        if (_scorer is { } tiled)
        {
            var positions = _positions!;
            ParallelRanges.For<float>(m, TileScorer.QueryBlock, Threads, tiled.ScratchLength, (start, end, scratch) =>
            {
                tiled.Select(unit, positions.AsSpan(start, end - start), Self, batch, start, scratch);
                for (var i = start; i < end; i++)
                {
                    CandidateSet.ToItems(candidates, batch.ItemSlot(i)[..batch.Count(i)]);
                }

                Report(progress, ref done, end - start, m);
            }, cancellationToken);
            return new SimilarItemLists(candidates, batch);
        }

        ParallelRanges.For<float>(m, SourceBlock, Threads, SourceBlock * m, (start, end, scratch) =>
        {
            Span<int> sources = stackalloc int[SourceBlock];
            for (var i = start; i < end; i++)
            {
                sources[i - start] = i;
            }

            ScoreBlock(unit, sources[..(end - start)], scratch);
            for (var i = start; i < end; i++)
            {
                var slot = batch.ItemSlot(i);
                var count = TopK.Select(scratch.Slice((i - start) * m, m), [i], slot, batch.ScoreSlot(i));
                CandidateSet.ToItems(candidates, slot[..count]);
                batch.SetCount(i, count);
            }

            Report(progress, ref done, end - start, m);
        }, cancellationToken);
        return new SimilarItemLists(candidates, batch);
    }

    // Sizing of the fast search, measured on a full-scale model (bench/RESULTS.md): about √m clusters of √m
    // items, k-means on 64 items per cluster; 48 probes and 2 refinement rounds gave recall@10 0.991 (24 probes
    // with 2 or 4 rounds: 0.976).
    internal const int DefaultProbes = 48;
    private const int DefaultRefineRounds = 2;
    private const int KMeansIterations = 10;
    private const int SamplePerCluster = 64;

    // An item is left out of its own list.
    private ReadOnlySpan<int> Self(int position) => _positions.AsSpan(position, 1);

    private static void Report(IProgress<ProgressUpdate>? progress, ref int done, int added, int m)
    {
        var finished = Interlocked.Add(ref done, added);
        if (progress is not null && (finished % 4096 < added || finished == m))
        {
            progress.Report(new ProgressUpdate("Similar items (ALS)", finished, m, "items"));
        }
    }

    private void ScoreBlock(FactorMatrix unit, ReadOnlySpan<int> sources, Span<float> scores) =>
        MatVec.MultiplyBlocked(unit.Data, unit.Columns, unit.Rows, unit, sources, scores, Width);

    private static InvalidOperationException NotFitted() => new("The ALS similarity is not fitted; call Fit first.");
}
