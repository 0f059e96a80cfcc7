using System.Numerics.Tensors;
using Encore.Core.Linalg;

namespace Encore.Core.Models.Similar;

/// <summary>
/// Similar tracks by cosine of ALS item factors, cos(i, j) = yᵢ·yⱼ / (‖yᵢ‖‖yⱼ‖), as implicit's
/// <c>similar_items</c> (seed-spec §4.4), restricted to candidate items, i.e. those with train listens (§9.7: an
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

    /// <param name="threads">Worker threads; 0 means one per processor. Results do not depend on it.</param>
    public AlsItemSimilarity(int threads = 0)
    {
        if (threads < 0)
        {
            throw new EncoreException($"Parameter 'threads' must be ≥ 0 (0 = all processors), got {threads}.");
        }

        Threads = threads == 0 ? Environment.ProcessorCount : threads;
    }

    public int Threads { get; }

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
        _scorer = TileScorer.IsSupported(Width) ? new TileScorer(unit, f) : null;
    }

    public int SimilarItems(int item, Span<int> items, Span<float> scores)
    {
        var candidates = _candidates ?? throw NotFitted();
        var at = CandidateSet.IndexOf(candidates, item);
        var unit = _unit!;
        if (_scorer is { } scorer)
        {
            // The batch kernel, so that one item's list has the same bits as in SimilarToAll.
            var one = new RecommendationBatch(1, Math.Max(1, items.Length));
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
        var batch = new RecommendationBatch(m, k);
        var done = 0;
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
