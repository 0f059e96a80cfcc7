using System.Buffers;
using System.Numerics.Tensors;
using Encore.Core.Linalg;
using Encore.Core.Runtime;

namespace Encore.Core.Models.Als;

public sealed partial class AlsRecommender : IBatchRecommender
{
    /// <inheritdoc/>
    /// <remarks>
    /// Scores every item with the matrix-vector kernel, so the call allocates nothing the caller sees; a user
    /// outside the model's rows gets nothing.
    /// </remarks>
    public int Recommend(int user, ReadOnlySpan<int> exclude, Span<int> items, Span<float> scores)
    {
        if ((uint)user >= (uint)UserFactors.Rows || items.IsEmpty)
        {
            return 0;
        }

        var n = ItemFactors.Rows;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var all = buffer.AsSpan(0, n);
            ScoreAll(ItemFactors, UserFactors.Row(user), all);
            return TopK.Select(all, exclude, items, scores);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc/>
    public TopKBatch RecommendUnheard(ReadOnlySpan<int> users, int k) => Recommend(users, k, filterAlreadyHeard: true);

    /// <summary>
    /// Writes user <paramref name="user"/>'s best items (score xᵤᵀyᵢ, best first, ties by lower id) into
    /// <paramref name="items"/>/<paramref name="scores"/>; k is their length. A user without interactions has
    /// zero factors, so all scores tie at 0 and the lowest ids come back: cold users still get k items.
    /// </summary>
    /// <returns>How many were written: k, or fewer when filtering leaves fewer items.</returns>
    public int Recommend(int user, Span<int> items, Span<float> scores, bool filterAlreadyHeard = true)
    {
        CheckUser(user);
        if (TileScorer.IsSupported(Width))
        {
            // The batch kernel, so that one user's list has the same bits as in RecommendAll.
            var one = Recommend([user], Math.Max(1, items.Length), filterAlreadyHeard);
            var count = Math.Min(items.Length, one.Count(0));
            one.Items(0)[..count].CopyTo(items);
            one.Scores(0)[..count].CopyTo(scores);
            return count;
        }

        var n = ItemFactors.Rows;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            return RecommendInto(user, items, scores, filterAlreadyHeard, buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>User <paramref name="user"/>'s top-<paramref name="k"/> list as a one-row batch.</summary>
    public TopKBatch Recommend(int user, int k, bool filterAlreadyHeard = true) => Recommend([user], k, filterAlreadyHeard);

    /// <summary>The progress stage of <see cref="RecommendAll"/>.</summary>
    public const string RecommendAllStage = "Personal recommendations";

    /// <summary>Top-<paramref name="k"/> lists for <paramref name="users"/>, computed in parallel; row i is users[i].</summary>
    /// <exception cref="EncoreException"><paramref name="k"/> is not positive.</exception>
    public TopKBatch Recommend(ReadOnlySpan<int> users, int k, bool filterAlreadyHeard = true)
    {
        CheckK(k);
        foreach (var user in users)
        {
            CheckUser(user);
        }

        var rows = users.ToArray();
        var batch = new TopKBatch(rows.Length, k);
        var heard = UserItems;
        ExclusionOf exclude = filterAlreadyHeard ? u => u < heard.Rows ? heard.RowIndices(u) : default : _ => default;
        if (TileScorer.IsSupported(Width) && Options.Retrieval == AlsRetrieval.NormPruned)
        {
            var pruned = Pruned;
            ParallelRanges.For<float>(rows.Length, NormPrunedScorer.QueryBlock, Options.EffectiveThreads, pruned.ScratchLength, (start, end, scratch) =>
                pruned.Select(UserFactors, rows.AsSpan(start, end - start), exclude, batch, start, scratch));
            return batch;
        }

        if (TileScorer.IsSupported(Width))
        {
            var scorer = Scorer;
            ParallelRanges.For<float>(rows.Length, TileScorer.QueryBlock, Options.EffectiveThreads, scorer.ScratchLength, (start, end, scratch) =>
                scorer.Select(UserFactors, rows.AsSpan(start, end - start), exclude, batch, start, scratch));
            return batch;
        }

        var n = ItemFactors.Rows;
        ParallelRanges.For<float>(rows.Length, UserBlock, Options.EffectiveThreads, UserBlock * n, (start, end, scratch) =>
        {
            ScoreBlock(rows.AsSpan(start, end - start), scratch);
            for (var i = start; i < end; i++)
            {
                batch.SetCount(i, TopK.Select(scratch.Slice((i - start) * n, n), exclude(rows[i]), batch.ItemSlot(i), batch.ScoreSlot(i)));
            }
        });
        return batch;
    }

    // Item factors packed for the tiled kernel once per model (see TileScorer).
    private TileScorer Scorer => _scorer ??= new TileScorer(ItemFactors, ItemFactors.Columns, Width);

    // Item factors sorted by norm and packed once per model (see NormPrunedScorer); fold-in shares it.
    internal NormPrunedScorer Pruned => _pruned ??= new NormPrunedScorer(ItemFactors, ItemFactors.Columns, Width);

    /// <summary>Item scores the norm-pruned search has computed so far (for measuring how much it skips).</summary>
    internal long PrunedScoredItems => _pruned?.ScoredItems ?? 0;

    // Users scored together against item tiles (see MatVec.MultiplyBlocked).
    private const int UserBlock = 8;

    private void ScoreBlock(ReadOnlySpan<int> users, Span<float> scores) =>
        MatVec.MultiplyBlocked(ItemFactors.Data, ItemFactors.Columns, ItemFactors.Rows, UserFactors, users, scores, Width);

    /// <summary>Top-<paramref name="k"/> lists for every user; row u is user u.</summary>
    public TopKBatch RecommendAll(
        int k,
        bool filterAlreadyHeard = true,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        CheckK(k);
        var n = UserFactors.Rows;
        var all = new TopKBatch(n, k);
        // Chunks only give progress and cancellation points: they are a multiple of both scorers' query blocks,
        // and every list is computed alone, so the output is the same as one call over all users.
        const int Chunk = 64 * NormPrunedScorer.QueryBlock;
        var users = new int[Math.Min(Chunk, n)];
        for (var start = 0; start < n; start += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(Chunk, n - start);
            for (var i = 0; i < length; i++)
            {
                users[i] = start + i;
            }

            var part = Recommend(users.AsSpan(0, length), k, filterAlreadyHeard);
            for (var i = 0; i < length; i++)
            {
                var count = part.Count(i);
                part.Items(i).CopyTo(all.ItemSlot(start + i));
                part.Scores(i).CopyTo(all.ScoreSlot(start + i));
                all.SetCount(start + i, count);
            }

            progress?.Report(new ProgressUpdate(RecommendAllStage, start + length, n, "users"));
        }

        return all;
    }

    /// <summary>
    /// Factors for a user the model has not seen, from that user's (distinct) items and values, without
    /// retraining: one exact solve x = (YᵀY + λI + Yᵀ(C − I)Y)⁻¹ YᵀC·p against the fixed item factors.
    /// </summary>
    /// <exception cref="EncoreException">An item id is out of range or a value is not positive.</exception>
    public float[] FoldIn(ReadOnlySpan<int> items, ReadOnlySpan<float> values)
    {
        var itemFactors = ItemFactors;
        if (values.Length != items.Length)
        {
            throw new EncoreException($"Fold-in got {items.Length} items but {values.Length} values.");
        }

        var f = Options.Factors;
        var confidence = new float[items.Length];
        for (var k = 0; k < items.Length; k++)
        {
            if ((uint)items[k] >= (uint)itemFactors.Rows)
            {
                throw new EncoreException($"Fold-in item id {items[k]} is outside [0, {itemFactors.Rows}).");
            }

            if (!(values[k] > 0))
            {
                throw new EncoreException($"Fold-in value {values[k]} for item {items[k]} is not positive.");
            }

            confidence[k] = Options.ConfidenceOf(values[k]);
        }

        if (_itemGram is null)
        {
            var gram = new float[f * f];
            AlsSolver.GramPlusRegularization(itemFactors, Options.Regularization, gram, Options.EffectiveThreads, Width);
            _itemGram = gram;
        }

        var result = new float[f];
        var scratch = ArrayPool<double>.Shared.Rent((f * f) + f);
        try
        {
            AlsSolver.SolveCholesky(_itemGram, itemFactors.Data, f, items, confidence, result, scratch, -1);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }

        return result;
    }

    /// <summary>
    /// The items most similar to <paramref name="item"/> by cosine of their factors (the item itself excluded;
    /// an item with zero factors has similarity 0 to everything).
    /// </summary>
    /// <returns>How many were written (k unless the catalogue is smaller).</returns>
    public int SimilarItems(int item, Span<int> items, Span<float> scores)
    {
        var itemFactors = ItemFactors;
        if ((uint)item >= (uint)itemFactors.Rows)
        {
            throw new EncoreException($"Item id {item} is outside [0, {itemFactors.Rows}).");
        }

        var norms = _itemNorms ??= ItemNorms(itemFactors);
        var n = itemFactors.Rows;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var all = buffer.AsSpan(0, n);
            ScoreAll(itemFactors, itemFactors.Row(item), all);
            var self = norms[item];
            for (var i = 0; i < n; i++)
            {
                var denominator = norms[i] * self;
                all[i] = denominator > 0 ? all[i] / denominator : 0f;
            }

            ReadOnlySpan<int> exclude = [item];
            return TopK.Select(all, exclude, items, scores);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private int RecommendInto(int user, Span<int> items, Span<float> scores, bool filterAlreadyHeard, Span<float> all)
    {
        ScoreAll(ItemFactors, UserFactors.Row(user), all);
        var heard = filterAlreadyHeard && user < UserItems.Rows ? UserItems.RowIndices(user) : default;
        return TopK.Select(all, heard, items, scores);
    }

    private void ScoreAll(FactorMatrix itemFactors, ReadOnlySpan<float> x, Span<float> scores) =>
        MatVec.Multiply(itemFactors.Data, itemFactors.Columns, x, scores, Width);

    private static float[] ItemNorms(FactorMatrix itemFactors)
    {
        var norms = new float[itemFactors.Rows];
        for (var i = 0; i < norms.Length; i++)
        {
            norms[i] = TensorPrimitives.Norm(itemFactors.Row(i));
        }

        return norms;
    }

    private void CheckUser(int user)
    {
        if ((uint)user >= (uint)UserFactors.Rows)
        {
            throw new EncoreException($"User id {user} is outside [0, {UserFactors.Rows}).");
        }
    }

    private static void CheckK(int k)
    {
        if (k < 1)
        {
            throw new EncoreException($"Parameter 'k' must be ≥ 1, got {k}.");
        }
    }
}
