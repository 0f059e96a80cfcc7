using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;

namespace Encore.Core.Models.Als;

/// <summary>
/// Request-time fold-in: a listener's vector from their train history and newest online events, computed as an
/// ALS user step computes it against the fixed item factors Y — x = (YᵀY + λI + Yᵀ(Cᵤ − I)Y)⁻¹ YᵀCᵤp(u), with the
/// model's confidence function and λ — then their top-k by the exact norm-pruned scorer, heard tracks left out.
/// </summary>
/// <remarks>
/// <para>How an online event counts: it is one more play of its item, merged into the item's train value before the
/// confidence function, as training would have built the value had the event been in the train period (see
/// <see cref="AlsFoldInOptions.Values"/>; <see cref="AlsFoldInOptions.EventWeight"/> scales it). The train history is
/// the model's own training row, so folding in a listener without events repeats training's user step.</para>
/// <para>YᵀY + λI and its Cholesky factor are computed once. A request costs O(n·f) for the right-hand side plus, in
/// the exact solver, O(m·f² + f³) when m items have a confidence other than 1 (none with binary values, α = 1 and no
/// event weight), else O(f²) with the stored factor; then one norm-pruned retrieval. Thread-safe; each thread brings
/// its own <see cref="AlsFoldInScratch"/>.</para>
/// </remarks>
public sealed class AlsFoldIn
{
    private readonly FactorMatrix _items;
    private readonly float[] _gram;
    private readonly double[] _gramFactor;
    private readonly NormPrunedScorer? _pruned;
    private readonly int _f;
    private readonly SimdWidth _width;

    /// <summary>Precomputes YᵀY + λI, its factor and the scorer's packing for <paramref name="model"/>.</summary>
    /// <exception cref="EncoreException">Bad options.</exception>
    public AlsFoldIn(AlsRecommender model, AlsFoldInOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Model = model;
        Options = options;
        _items = model.ItemFactors;
        _f = _items.Columns;
        _width = model.Width;
        _gram = new float[_f * _f];
        AlsSolver.GramPlusRegularization(_items, model.Options.Regularization, _gram, model.Options.EffectiveThreads, _width);
        _gramFactor = new double[_f * _f];
        for (var i = 0; i < _gram.Length; i++)
        {
            _gramFactor[i] = _gram[i];
        }

        CholeskyFactor(_gramFactor, _f);
        _pruned = TileScorer.IsSupported(_width) ? model.Pruned : null;
    }

    public AlsRecommender Model { get; }

    public AlsFoldInOptions Options { get; }

    /// <summary>A scratch object for one thread.</summary>
    public AlsFoldInScratch CreateScratch() =>
        new(_f, _pruned?.ScratchLength ?? 0, _pruned is null ? _items.Rows : 0);

    /// <summary>
    /// Folds in listener <paramref name="user"/> (a model row, or −1 for a listener the model does not know) with
    /// <paramref name="events"/> (item rows, any order, repeats counted) into <paramref name="x"/> (f long).
    /// </summary>
    /// <returns>How many distinct items the problem holds; 0 leaves <paramref name="x"/> zero.</returns>
    /// <exception cref="EncoreException">The user or an event is out of range.</exception>
    public int Vector(int user, ReadOnlySpan<int> events, Span<float> x, AlsFoldInScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var matrix = Model.UserItems;
        if (user < -1 || user >= Model.UserFactors.Rows)
        {
            throw new EncoreException($"Fold-in user {user} is outside [-1, {Model.UserFactors.Rows}).");
        }

        var known = user >= 0 && user < matrix.Rows;
        var trainItems = known ? matrix.RowIndices(user) : default;
        var trainValues = known ? matrix.RowValues(user) : default;
        var start = user >= 0 ? Model.UserFactors.Row(user) : default;
        return Vector(trainItems, trainValues, start, events, x, scratch);
    }

    /// <summary>
    /// Folds in a listener given their train row (<paramref name="trainItems"/> strictly ascending, with the
    /// training matrix's <paramref name="trainValues"/>), the conjugate-gradient start point
    /// <paramref name="start"/> (empty: zero) and <paramref name="events"/>, into <paramref name="x"/>.
    /// </summary>
    /// <returns>How many distinct items the problem holds; 0 leaves <paramref name="x"/> zero.</returns>
    public int Vector(
        ReadOnlySpan<int> trainItems, ReadOnlySpan<float> trainValues, ReadOnlySpan<float> start, ReadOnlySpan<int> events,
        Span<float> x, AlsFoldInScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (x.Length < _f)
        {
            throw new ArgumentException($"The vector needs {_f} floats.", nameof(x));
        }

        x = x[.._f];
        Merge(trainItems, trainValues, events, scratch);
        var ids = scratch.ProblemItems.AsSpan(0, scratch.ProblemCount);
        var confidence = scratch.ProblemConfidence.AsSpan(0, scratch.ProblemCount);
        if (ids.IsEmpty)
        {
            x.Clear();
            return 0;
        }

        if (Options.Solver == AlsFoldInSolver.Exact)
        {
            SolveExact(ids, confidence, x, scratch.Solve);
        }
        else
        {
            if (start.Length >= _f && Options.TrainHistory)
            {
                start[.._f].CopyTo(x);
            }
            else
            {
                x.Clear();
            }

            var cg = scratch.Cg.AsSpan();
            AlsSolver.SolveConjugateGradient(
                _gram, _items.Data, _f, ids, confidence, x, cg[.._f], cg.Slice(_f, _f), cg.Slice(2 * _f, _f), Options.CgSteps, _width);
        }

        return ids.Length;
    }

    /// <summary>
    /// Listener <paramref name="user"/>'s (−1: unknown) best items after folding in <paramref name="events"/>, best
    /// first (score xᵀyᵢ, ties by lower row), without their train items and the events; k is
    /// <paramref name="items"/>' length.
    /// </summary>
    /// <returns>How many were written: 0 when there is nothing to fold in (an unknown listener without events).</returns>
    public int Recommend(int user, ReadOnlySpan<int> events, Span<int> items, Span<float> scores, AlsFoldInScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var x = scratch.Query.Row(0);
        if (Vector(user, events, x, scratch) == 0 || items.IsEmpty)
        {
            return 0;
        }

        return Retrieve(items, scores, scratch);
    }

    /// <summary>The best items for the vector in the scratch's query row, its heard items excluded.</summary>
    private int Retrieve(Span<int> items, Span<float> scores, AlsFoldInScratch scratch)
    {
        var k = items.Length;
        if (_pruned is { SelectsOneFast: true })
        {
            // One query: the scorer's single-query path (same list, an eighth of the tile kernel's multiplies).
            return _pruned.SelectOne(scratch.Query.Row(0), scratch.Heard, items, scores);
        }

        if (_pruned is not null)
        {
            var batch = scratch.Batch(k);
            _pruned.Select(scratch.Query, [0], scratch.Exclude, batch, 0, scratch.ScorerScratch);
            var count = batch.Count(0);
            batch.Items(0).CopyTo(items);
            batch.Scores(0).CopyTo(scores);
            return count;
        }

        var all = scratch.AllScores.AsSpan();
        MatVec.Multiply(_items.Data, _f, scratch.Query.Row(0), all, _width);
        return TopK.Select(all, scratch.Heard, items, scores);
    }

    /// <summary>
    /// Builds the heard set (train ∪ events) and the problem (train items when <see cref="AlsFoldInOptions.TrainHistory"/>,
    /// and the event items) with each item's confidence.
    /// </summary>
    private void Merge(ReadOnlySpan<int> trainItems, ReadOnlySpan<float> trainValues, ReadOnlySpan<int> events, AlsFoldInScratch scratch)
    {
        if (trainValues.Length != trainItems.Length)
        {
            throw new EncoreException($"Fold-in got {trainItems.Length} train items but {trainValues.Length} values.");
        }

        scratch.Reserve(trainItems.Length + events.Length, events.Length);
        var sorted = scratch.Events.AsSpan(0, events.Length);
        events.CopyTo(sorted);
        sorted.Sort();
        foreach (var item in sorted)
        {
            if ((uint)item >= (uint)_items.Rows)
            {
                throw new EncoreException($"Fold-in event item {item} is outside [0, {_items.Rows}).");
            }
        }

        var options = Options;
        var binary = options.Values == InteractionValues.Binary;
        var confidenceOf = Model.Options;
        var heard = scratch.HeardItems;
        var problem = scratch.ProblemItems;
        var confidence = scratch.ProblemConfidence;
        int h = 0, p = 0, t = 0, e = 0;
        while (t < trainItems.Length || e < sorted.Length)
        {
            var item = e == sorted.Length || (t < trainItems.Length && trainItems[t] < sorted[e]) ? trainItems[t] : sorted[e];
            var trainValue = 0f;
            var inTrain = t < trainItems.Length && trainItems[t] == item;
            if (inTrain)
            {
                trainValue = trainValues[t++];
            }

            var plays = 0;
            while (e < sorted.Length && sorted[e] == item)
            {
                plays++;
                e++;
            }

            heard[h++] = item;
            float value;
            if (plays == 0)
            {
                if (!options.TrainHistory)
                {
                    continue;
                }

                value = trainValue;
            }
            else
            {
                var online = options.EventWeight * (binary ? 1 : plays);
                var train = options.TrainHistory ? trainValue : 0f;
                value = binary ? MathF.Max(train, online) : train + online;
            }

            problem[p] = item;
            confidence[p++] = confidenceOf.ConfidenceOf(value);
        }

        scratch.HeardCount = h;
        scratch.ProblemCount = p;
    }

    /// <summary>
    /// x = A⁻¹b with A = (YᵀY + λI) + Σ (cₖ − 1)·yₖyₖᵀ and b = Σ cₖ·yₖ, in double. Terms with cₖ = 1 add nothing to A,
    /// so without any other the stored factor of YᵀY + λI serves.
    /// </summary>
    private void SolveExact(ReadOnlySpan<int> ids, ReadOnlySpan<float> confidence, Span<float> x, Span<double> scratch)
    {
        var f = _f;
        var a = scratch[..(f * f)];
        var b = scratch.Slice(f * f, f);
        var yd = scratch.Slice((f * f) + f, f);
        b.Clear();
        ReadOnlySpan<float> source = _items.Data;
        var updated = false;
        for (var k = 0; k < ids.Length; k++)
        {
            var y = source.Slice(ids[k] * f, f);
            double c = confidence[k];
            for (var j = 0; j < f; j++)
            {
                b[j] += c * y[j];
            }

            var extra = c - 1.0;
            if (extra == 0)
            {
                continue;
            }

            if (!updated)
            {
                for (var i = 0; i < a.Length; i++)
                {
                    a[i] = _gram[i];
                }

                updated = true;
            }

            AddOuterProduct(a, f, extra, y, yd);
        }

        ReadOnlySpan<double> factor = _gramFactor;
        if (updated)
        {
            CholeskyFactor(a, f);
            factor = a;
        }

        Cholesky.Solve(factor, b, f);
        for (var j = 0; j < f; j++)
        {
            x[j] = (float)b[j];
        }
    }

    /// <summary>
    /// The lower triangle of A += extra·yyᵀ, row by row: a[j, l] += (extra·y[j])·y[l], each element one multiply and
    /// one add in double, as the scalar loop of <see cref="AlsSolver.SolveCholesky"/> does, so vector lanes give the
    /// same bits (no fused multiply-add: .NET does not contract a separate multiply and add).
    /// </summary>
    /// <param name="a">f×f, row-major; only the lower triangle is written.</param>
    /// <param name="f">Factors.</param>
    /// <param name="extra">The confidence minus 1.</param>
    /// <param name="y">The item's factors.</param>
    /// <param name="yd">Scratch of f doubles: y widened once instead of once per element.</param>
    internal static void AddOuterProduct(Span<double> a, int f, double extra, ReadOnlySpan<float> y, Span<double> yd)
    {
        for (var j = 0; j < f; j++)
        {
            yd[j] = y[j];
        }

        ref var ys = ref MemoryMarshal.GetReference(yd);
        for (var j = 0; j < f; j++)
        {
            var s = extra * yd[j];
            var row = a.Slice(j * f, j + 1);
            ref var ar = ref MemoryMarshal.GetReference(row);
            var l = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var sv = Vector256.Create(s);
                for (; l + Vector256<double>.Count <= row.Length; l += Vector256<double>.Count)
                {
                    var sum = Vector256.LoadUnsafe(ref ar, (nuint)l) + (sv * Vector256.LoadUnsafe(ref ys, (nuint)l));
                    sum.StoreUnsafe(ref ar, (nuint)l);
                }
            }

            for (; l < row.Length; l++)
            {
                row[l] += s * yd[l];
            }
        }
    }

    /// <exception cref="EncoreException">A is not positive definite (only possible with λ = 0).</exception>
    private static void CholeskyFactor(Span<double> a, int f)
    {
        if (!Cholesky.TryFactor(a, f))
        {
            throw new EncoreException("ALS fold-in: the system is not positive definite; the model needs 'regularization' > 0.");
        }
    }
}
