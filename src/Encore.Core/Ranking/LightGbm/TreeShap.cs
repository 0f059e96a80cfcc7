using System.Runtime.InteropServices;

namespace Encore.Core.Ranking.LightGbm;

/// <summary>
/// Per-feature contributions to a tree ensemble's raw score: the exact Shapley values of the trees' path-dependent
/// conditional expectation (TreeSHAP, Lundberg, Erion &amp; Lee 2018, "Consistent individualized feature attribution
/// for tree ensembles", Algorithm 2), as LightGBM's <c>pred_contrib</c> computes them from its node counts.
/// </summary>
/// <remarks>
/// <para>A tree's expectation given the features in a set S follows the row at a split on a feature of S and, at a
/// split on another feature, averages both children weighted by the training rows each received (its cover). The
/// contributions φ_i are the Shapley values of that game, so they add up: <see cref="ExpectedValue"/> (the empty set:
/// every tree's cover-weighted mean leaf) + Σ φ_i = the score, and a feature no tree splits on gets 0.</para>
/// <para>The covers are the training rows routed through the saved trees (<see cref="CountLeafCovers"/>), the counts
/// LightGBM keeps as <c>leaf_count</c>/<c>internal_count</c> when it trains without bagging (Encore does), which
/// ML.NET's public tree API does not expose. A node with no rows splits its weight half and half, so the sum still
/// holds.</para>
/// <para>Cost per row: Σ over leaves of (path length)², about 200 trees × 31 leaves × depth² operations; the kernel
/// works in a caller's scratch span (<see cref="ScratchLength"/>) and allocates nothing. The clear version, by
/// enumerating subsets, is <see cref="TreeShapReference"/>.</para>
/// </remarks>
internal sealed class TreeShap
{
    private readonly TreeEnsembleScorer.Node[] _nodes;
    private readonly int[] _roots;
    private readonly double[] _leaves;
    private readonly double[] _leafCovers;

    // The share of a node's cover each child holds (0.5 each under a node with no cover).
    private readonly double[] _leftShare;
    private readonly double[] _rightShare;

    // 1/i for the path lengths i a leaf can have, for UnwoundSum.
    private readonly double[] _reciprocals;

    /// <param name="scorer">The trees.</param>
    /// <param name="leafCovers">Training rows (or any non-negative weight) per leaf of <paramref name="scorer"/>.</param>
    public TreeShap(TreeEnsembleScorer scorer, double[] leafCovers)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(leafCovers);
        if (leafCovers.Length != scorer.Leaves.Length)
        {
            throw new ArgumentException($"{leafCovers.Length} leaf covers for {scorer.Leaves.Length} leaves.", nameof(leafCovers));
        }

        for (var i = 0; i < leafCovers.Length; i++)
        {
            if (!(leafCovers[i] >= 0) || double.IsPositiveInfinity(leafCovers[i]))
            {
                throw new ArgumentException($"Leaf {i} has cover {leafCovers[i]}; a cover is a finite count ≥ 0.", nameof(leafCovers));
            }
        }

        _nodes = scorer.Nodes.ToArray();
        _roots = scorer.Roots.ToArray();
        _leaves = scorer.Leaves.ToArray();
        _leafCovers = leafCovers;
        FeatureCount = scorer.FeatureCount;

        // Children come after their parent, so one backward pass sees both children's covers and expectations first.
        var covers = new double[_nodes.Length];
        var expected = new double[_nodes.Length];
        _leftShare = new double[_nodes.Length];
        _rightShare = new double[_nodes.Length];
        for (var i = _nodes.Length - 1; i >= 0; i--)
        {
            var (left, right) = (_nodes[i].Left, _nodes[i].Right);
            var leftCover = left >= 0 ? covers[left] : leafCovers[~left];
            var rightCover = right >= 0 ? covers[right] : leafCovers[~right];
            covers[i] = leftCover + rightCover;
            (_leftShare[i], _rightShare[i]) = covers[i] > 0 ? (leftCover / covers[i], rightCover / covers[i]) : (0.5, 0.5);
            expected[i] = (_leftShare[i] * Expected(left)) + (_rightShare[i] * Expected(right));
        }

        var depth = 0;
        var expectedValue = 0.0;
        foreach (var root in _roots)
        {
            expectedValue += Expected(root);
            depth = Math.Max(depth, Depth(root));
        }

        ExpectedValue = expectedValue;
        MaxDepth = depth;
        _reciprocals = [.. Enumerable.Range(0, depth + 2).Select(i => i == 0 ? 0.0 : 1.0 / i)];

        double Expected(int reference) => reference >= 0 ? expected[reference] : _leaves[~reference];
    }

    /// <summary>A feature on the path to the node being visited, with the weights of the subsets it is in or out of.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PathElement
    {
        public int Feature;

        /// <summary>Share of the cover that follows this path when the feature is unknown.</summary>
        public double Zero;

        /// <summary>1 when the row itself follows this path, 0 when it does not.</summary>
        public double One;

        /// <summary>The permutation weight of the subsets of this size (see Extend).</summary>
        public double Weight;
    }

    /// <summary>The ensemble's score with no feature known: Σ over trees of the cover-weighted mean leaf value.</summary>
    public double ExpectedValue { get; }

    /// <summary>The most splits from a root to a leaf.</summary>
    public int MaxDepth { get; }

    /// <summary>One more than the largest feature index a split uses.</summary>
    public int FeatureCount { get; }

    /// <summary>The cover of every leaf, as given.</summary>
    public ReadOnlySpan<double> LeafCovers => _leafCovers;

    /// <summary>The path elements <see cref="Contributions"/> needs as scratch: one path per level, each one longer.</summary>
    public int ScratchLength => (MaxDepth + 2) * (MaxDepth + 3) / 2;

    /// <summary>Adds each feature's contribution to the score of <paramref name="row"/> to <paramref name="contributions"/>.</summary>
    /// <param name="row">The features, in the trees' column order; NaN is missing (and goes left, as in scoring).</param>
    /// <param name="contributions">One per feature, at least <see cref="FeatureCount"/>; added to, not cleared.</param>
    /// <param name="scratch">At least <see cref="ScratchLength"/> elements; its contents are overwritten.</param>
    public void Contributions(ReadOnlySpan<float> row, Span<double> contributions, Span<PathElement> scratch)
    {
        if (row.Length < FeatureCount || contributions.Length < FeatureCount)
        {
            throw new ArgumentException($"A row of {row.Length} features and {contributions.Length} contributions; the trees split on feature {FeatureCount - 1}.");
        }

        if (scratch.Length < ScratchLength)
        {
            throw new ArgumentException($"{scratch.Length} scratch elements; the trees need {ScratchLength}.", nameof(scratch));
        }

        foreach (var root in _roots)
        {
            Recurse(row, contributions, scratch, 0, 0, root, 1, 1, -1);
        }
    }

    /// <summary>Training rows per leaf: every row of <paramref name="values"/> walked down every tree, as scoring walks it.</summary>
    /// <param name="scorer">The trees.</param>
    /// <param name="values">Row-major rows of <paramref name="columns"/> features.</param>
    /// <param name="columns">Features per row.</param>
    public static unsafe double[] CountLeafCovers(TreeEnsembleScorer scorer, ReadOnlySpan<float> values, int columns)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (columns < scorer.FeatureCount || columns < 1 || values.Length % columns != 0)
        {
            throw new ArgumentException($"{values.Length} values are not rows of {columns} features covering feature {scorer.FeatureCount - 1}.", nameof(values));
        }

        // Whole-number counts: the sum is the same in any order, so the trees are counted in parallel, each into its
        // own leaves.
        var counts = new long[scorer.Leaves.Length];
        var nodes = scorer.Nodes.ToArray();
        var roots = scorer.Roots.ToArray();
        var length = values.Length;
        fixed (float* pointer = values)
        {
            // A span cannot enter the lambda; the address can, and the rows stay pinned until Parallel.For returns.
            var address = (nint)pointer;
            Parallel.For(0, roots.Length, tree =>
            {
                var data = new ReadOnlySpan<float>((float*)address, length);
                for (var start = 0; start < data.Length; start += columns)
                {
                    var reference = roots[tree];
                    while (reference >= 0)
                    {
                        var node = nodes[reference];
                        reference = data[start + node.Feature] > node.Threshold ? node.Right : node.Left;
                    }

                    counts[~reference]++;
                }
            });
        }

        return [.. counts.Select(c => (double)c)];
    }

    /// <summary>
    /// Visits the subtree at <paramref name="reference"/>: copies the parent's path (<paramref name="parentLength"/>
    /// elements at <paramref name="parentStart"/>) right after it, extends it by the split that led here and either
    /// credits the leaf's value to the path's features or goes on to both children.
    /// </summary>
    private void Recurse(
        ReadOnlySpan<float> row, Span<double> contributions, Span<PathElement> scratch,
        int parentStart, int parentLength, int reference, double zero, double one, int feature)
    {
        var start = parentStart + parentLength;
        var path = scratch[start..];
        scratch.Slice(parentStart, parentLength).CopyTo(path);
        var length = Extend(path, parentLength, zero, one, feature);
        if (reference < 0)
        {
            var value = _leaves[~reference];
            // Element 0 is the root's placeholder, which stands for no feature.
            for (var i = 1; i < length; i++)
            {
                ref readonly var element = ref path[i];
                contributions[element.Feature] += UnwoundSum(path, length, i) * (element.One - element.Zero) * value;
            }

            return;
        }

        var node = _nodes[reference];
        var goesRight = row[node.Feature] > node.Threshold;
        var (hot, cold) = goesRight ? (node.Right, node.Left) : (node.Left, node.Right);
        var (hotShare, coldShare) = goesRight ? (_rightShare[reference], _leftShare[reference]) : (_leftShare[reference], _rightShare[reference]);

        // A feature split on again: undo its earlier element, and carry its fractions into this split's.
        double incomingZero = 1, incomingOne = 1;
        for (var k = 1; k < length; k++)
        {
            if (path[k].Feature == node.Feature)
            {
                (incomingZero, incomingOne) = (path[k].Zero, path[k].One);
                Unwind(path, length, k);
                length--;
                break;
            }
        }

        // A child no subset can reach (both fractions 0) adds nothing, and its weights could not be unwound.
        if (incomingZero * hotShare != 0 || incomingOne != 0)
        {
            Recurse(row, contributions, scratch, start, length, hot, incomingZero * hotShare, incomingOne, node.Feature);
        }

        if (incomingZero * coldShare != 0)
        {
            Recurse(row, contributions, scratch, start, length, cold, incomingZero * coldShare, 0, node.Feature);
        }
    }

    /// <summary>
    /// Appends a feature with fractions (zero, one) to a path of <paramref name="length"/> and updates the subset-size
    /// weights: multiplying each subset's weight by "zero" when the feature is left out and "one" when it is in, with
    /// the Shapley permutation factor |S|!(M−|S|−1)!/M! carried along as the sizes grow.
    /// </summary>
    /// <returns>The new length.</returns>
    private static int Extend(Span<PathElement> path, int length, double zero, double one, int feature)
    {
        path[length] = new PathElement { Feature = feature, Zero = zero, One = one, Weight = length == 0 ? 1 : 0 };
        var grown = length + 1;
        for (var i = length - 1; i >= 0; i--)
        {
            path[i + 1].Weight += one * path[i].Weight * (i + 1) / grown;
            path[i].Weight = zero * path[i].Weight * (length - i) / grown;
        }

        return grown;
    }

    /// <summary>Removes element <paramref name="index"/> from a path of <paramref name="length"/>: Extend undone.</summary>
    private static void Unwind(Span<PathElement> path, int length, int index)
    {
        var (one, zero) = (path[index].One, path[index].Zero);
        var next = path[length - 1].Weight;
        for (var j = length - 2; j >= 0; j--)
        {
            if (one != 0)
            {
                var weight = path[j].Weight;
                path[j].Weight = next * length / ((j + 1) * one);
                next = weight - (path[j].Weight * zero * (length - j - 1) / length);
            }
            else
            {
                path[j].Weight = path[j].Weight * length / (zero * (length - j - 1));
            }
        }

        for (var j = index; j < length - 1; j++)
        {
            path[j].Feature = path[j + 1].Feature;
            path[j].Zero = path[j + 1].Zero;
            path[j].One = path[j + 1].One;
        }
    }

    /// <summary>The sum of the weights Unwind would leave for element <paramref name="index"/>, without changing the path.</summary>
    /// <remarks>
    /// The innermost loop of the kernel (path length² per leaf): Unwind's arithmetic with its divisions turned into
    /// multiplications by reciprocals, and its branch on <c>one</c> taken once outside the loop.
    /// </remarks>
    private double UnwoundSum(ReadOnlySpan<PathElement> path, int length, int index)
    {
        var (one, zero) = (path[index].One, path[index].Zero);
        var reciprocals = _reciprocals;
        var total = 0.0;
        if (one != 0)
        {
            var scale = length / one;
            var shrink = zero / length;
            var next = path[length - 1].Weight;
            for (var j = length - 2; j >= 0; j--)
            {
                var weight = next * scale * reciprocals[j + 1];
                total += weight;
                next = path[j].Weight - (weight * shrink * (length - j - 1));
            }
        }
        else
        {
            var scale = length / zero;
            for (var j = length - 2; j >= 0; j--)
            {
                total += path[j].Weight * scale * reciprocals[length - j - 1];
            }
        }

        return total;
    }

    private int Depth(int reference) =>
        reference < 0 ? 0 : 1 + Math.Max(Depth(_nodes[reference].Left), Depth(_nodes[reference].Right));

    /// <summary>The nodes, roots, leaf values and child shares, for <see cref="TreeShapReference"/>.</summary>
    internal (TreeEnsembleScorer.Node[] Nodes, int[] Roots, double[] Leaves, double[] LeftShare, double[] RightShare) Trees =>
        (_nodes, _roots, _leaves, _leftShare, _rightShare);
}
