using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Encore.Core.Ranking.LightGbm;

// Scoring a chosen subset of rows over a range of trees, so a caller can score in stages and stop early for rows
// that cannot matter (StagedScoring: the live ranker's top-k, the batch ranker's shortlist).
// A row's running sum goes through the trees in the same order and the same double additions as
// Score, so after the last tree (float)sum is Score's value bit for bit, however
// the trees were split into ranges.
internal sealed partial class TreeEnsembleScorer
{
    private TreeRanges? _ranges;

    /// <summary>Each tree's smallest and largest leaf, summed over the trees from t on: bounds of what the rest can add.</summary>
    public TreeRanges Ranges => _ranges ??= TreeRanges.Of(_nodes, _roots, _leaves);

    /// <summary>
    /// Adds trees [<paramref name="firstTree"/>, <paramref name="endTree"/>) to <c>sums[r]</c> for every row r of
    /// <paramref name="rows"/> (indices into the row-major <paramref name="values"/>), in tree order, on this thread.
    /// </summary>
    /// <param name="values">Row-major features, <paramref name="columns"/> per row; NaN is a missing value.</param>
    /// <param name="columns">Features per row, more than any feature index a split uses.</param>
    /// <param name="rows">The rows to advance, each at most once.</param>
    /// <param name="sums">Running sums, indexed by row; start at 0 before the first tree.</param>
    /// <param name="firstTree">The first tree added.</param>
    /// <param name="endTree">One past the last tree added.</param>
    public void AddTrees(ReadOnlySpan<float> values, int columns, ReadOnlySpan<int> rows, Span<double> sums, int firstTree, int endTree)
    {
        if (columns < Math.Max(FeatureCount, 1))
        {
            throw new ArgumentException($"Rows have {columns} features, the trees split on feature {FeatureCount - 1}.", nameof(columns));
        }

        if (firstTree < 0 || firstTree > endTree || endTree > Trees)
        {
            throw new ArgumentOutOfRangeException(nameof(firstTree), $"Trees [{firstTree}, {endTree}) are not within [0, {Trees}).");
        }

        var rowCount = values.Length / columns;
        foreach (var r in rows)
        {
            if ((uint)r >= (uint)rowCount || r >= sums.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {r} is outside the {Math.Min(rowCount, sums.Length)} rows given.");
            }
        }

        ref var flat = ref MemoryMarshal.GetArrayDataReference(_flat);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref var first = ref MemoryMarshal.GetReference(values);
        ref var sum = ref MemoryMarshal.GetReference(sums);
        var leafBase = _leafBaseBytes;
        var count = rows.Length;
        var last = count - 1;
        for (var t = firstTree; t < endTree; t++)
        {
            var root = _flatRoots[t];
            // As ScoreBlock's walk to the leaves: the shallowest leaf's depth without a test, then on until all are at one.
            var steps = _minDepths[t];
            for (var i = 0; i < count; i += Lanes)
            {
                // The rows after the last full eight walk as one more eight: the missing lanes repeat the last row and
                // are not added, so they cost one overlapped walk instead of one latency-bound walk per row (a shortlist
                // of 75 leaves 3 of them per tree; bench/RESULTS.md, "Ranker batch scoring: staged shortlist").
                int r0 = rows[i], r1 = rows[Math.Min(i + 1, last)], r2 = rows[Math.Min(i + 2, last)], r3 = rows[Math.Min(i + 3, last)];
                int r4 = rows[Math.Min(i + 4, last)], r5 = rows[Math.Min(i + 5, last)], r6 = rows[Math.Min(i + 6, last)], r7 = rows[Math.Min(i + 7, last)];
                ref var v0 = ref Unsafe.Add(ref first, (nint)r0 * columns);
                ref var v1 = ref Unsafe.Add(ref first, (nint)r1 * columns);
                ref var v2 = ref Unsafe.Add(ref first, (nint)r2 * columns);
                ref var v3 = ref Unsafe.Add(ref first, (nint)r3 * columns);
                ref var v4 = ref Unsafe.Add(ref first, (nint)r4 * columns);
                ref var v5 = ref Unsafe.Add(ref first, (nint)r5 * columns);
                ref var v6 = ref Unsafe.Add(ref first, (nint)r6 * columns);
                ref var v7 = ref Unsafe.Add(ref first, (nint)r7 * columns);
                int n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
                for (var d = 0; d < steps; d++)
                {
                    n0 = Step(ref flat, n0, ref v0);
                    n1 = Step(ref flat, n1, ref v1);
                    n2 = Step(ref flat, n2, ref v2);
                    n3 = Step(ref flat, n3, ref v3);
                    n4 = Step(ref flat, n4, ref v4);
                    n5 = Step(ref flat, n5, ref v5);
                    n6 = Step(ref flat, n6, ref v6);
                    n7 = Step(ref flat, n7, ref v7);
                }

                while ((n0 & n1 & n2 & n3 & n4 & n5 & n6 & n7 & leafBase) == 0)
                {
                    n0 = Step(ref flat, n0, ref v0);
                    n1 = Step(ref flat, n1, ref v1);
                    n2 = Step(ref flat, n2, ref v2);
                    n3 = Step(ref flat, n3, ref v3);
                    n4 = Step(ref flat, n4, ref v4);
                    n5 = Step(ref flat, n5, ref v5);
                    n6 = Step(ref flat, n6, ref v6);
                    n7 = Step(ref flat, n7, ref v7);
                }

                var real = Math.Min(Lanes, count - i);
                Unsafe.Add(ref sum, r0) += Unsafe.Add(ref leaves, (n0 - leafBase) >> NodeShift);
                if (real == Lanes)
                {
                    Unsafe.Add(ref sum, r1) += Unsafe.Add(ref leaves, (n1 - leafBase) >> NodeShift);
                    Unsafe.Add(ref sum, r2) += Unsafe.Add(ref leaves, (n2 - leafBase) >> NodeShift);
                    Unsafe.Add(ref sum, r3) += Unsafe.Add(ref leaves, (n3 - leafBase) >> NodeShift);
                    Unsafe.Add(ref sum, r4) += Unsafe.Add(ref leaves, (n4 - leafBase) >> NodeShift);
                    Unsafe.Add(ref sum, r5) += Unsafe.Add(ref leaves, (n5 - leafBase) >> NodeShift);
                    Unsafe.Add(ref sum, r6) += Unsafe.Add(ref leaves, (n6 - leafBase) >> NodeShift);
                    Unsafe.Add(ref sum, r7) += Unsafe.Add(ref leaves, (n7 - leafBase) >> NodeShift);
                    continue;
                }

                AddIf(real > 1, ref Unsafe.Add(ref sum, r1), Unsafe.Add(ref leaves, (n1 - leafBase) >> NodeShift));
                AddIf(real > 2, ref Unsafe.Add(ref sum, r2), Unsafe.Add(ref leaves, (n2 - leafBase) >> NodeShift));
                AddIf(real > 3, ref Unsafe.Add(ref sum, r3), Unsafe.Add(ref leaves, (n3 - leafBase) >> NodeShift));
                AddIf(real > 4, ref Unsafe.Add(ref sum, r4), Unsafe.Add(ref leaves, (n4 - leafBase) >> NodeShift));
                AddIf(real > 5, ref Unsafe.Add(ref sum, r5), Unsafe.Add(ref leaves, (n5 - leafBase) >> NodeShift));
                AddIf(real > 6, ref Unsafe.Add(ref sum, r6), Unsafe.Add(ref leaves, (n6 - leafBase) >> NodeShift));
            }
        }
    }

    /// <summary>Adds <paramref name="leaf"/> to <paramref name="sum"/> when <paramref name="real"/>: a lane that holds a row, not a repeat of the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddIf(bool real, ref double sum, double leaf)
    {
        if (real)
        {
            sum += leaf;
        }
    }
}

/// <summary>
/// What the trees from t on can still add to a score: <c>RestMin[t]</c> and <c>RestMax[t]</c> are the sums of each
/// later tree's smallest and largest leaf (t = 0..Trees, the last 0), <c>RestAbs[t]</c> the sum of their magnitudes,
/// the scale of the rounding a caller must allow for.
/// </summary>
internal sealed class TreeRanges
{
    private TreeRanges(double[] restMin, double[] restMax, double[] restAbs)
    {
        RestMin = restMin;
        RestMax = restMax;
        RestAbs = restAbs;
    }

    public double[] RestMin { get; }

    public double[] RestMax { get; }

    public double[] RestAbs { get; }

    /// <summary>The ranges of the trees rooted at <paramref name="roots"/> (references as in <see cref="TreeEnsembleScorer"/>).</summary>
    public static TreeRanges Of(ReadOnlySpan<TreeEnsembleScorer.Node> nodes, ReadOnlySpan<int> roots, ReadOnlySpan<double> leaves)
    {
        var trees = roots.Length;
        var restMin = new double[trees + 1];
        var restMax = new double[trees + 1];
        var restAbs = new double[trees + 1];
        var stack = new Stack<int>();
        for (var t = trees - 1; t >= 0; t--)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            stack.Push(roots[t]);
            while (stack.TryPop(out var reference))
            {
                if (reference < 0)
                {
                    var leaf = leaves[~reference];
                    min = Math.Min(min, leaf);
                    max = Math.Max(max, leaf);
                    continue;
                }

                stack.Push(nodes[reference].Left);
                stack.Push(nodes[reference].Right);
            }

            restMin[t] = restMin[t + 1] + min;
            restMax[t] = restMax[t + 1] + max;
            restAbs[t] = restAbs[t + 1] + Math.Max(Math.Abs(min), Math.Abs(max));
        }

        return new TreeRanges(restMin, restMax, restAbs);
    }
}
