namespace Encore.Core.Ranking.LightGbm;

/// <summary>
/// The clear version of <see cref="TreeShap"/>: Shapley values computed from their definition, every subset of a
/// tree's features enumerated (Lundberg et al. 2018, Algorithm 1). Exponential in the features of one tree, so only
/// for small trees: the tests check the fast kernel against it.
/// </summary>
/// <remarks>
/// φ_i = Σ over S ⊆ F∖{i} of |S|!(M−|S|−1)!/M! · (v(S∪{i}) − v(S)), per tree with F its M split features (a feature
/// a tree never splits on changes none of its values, so it gets nothing from that tree, and Shapley values add over
/// trees). v(S) follows the row at splits on a feature of S and takes the cover-weighted mean of both children at
/// the others.
/// </remarks>
internal static class TreeShapReference
{
    /// <summary>The most distinct features of one tree this reference enumerates (2^M subsets).</summary>
    public const int MaxTreeFeatures = 16;

    /// <summary>Each feature's contribution to <paramref name="row"/>'s score, and the expected value.</summary>
    public static (double[] Contributions, double ExpectedValue) Contributions(TreeShap shap, ReadOnlySpan<float> row)
    {
        ArgumentNullException.ThrowIfNull(shap);
        var (nodes, roots, leaves, leftShare, rightShare) = shap.Trees;
        var values = row.ToArray();
        var contributions = new double[Math.Max(row.Length, shap.FeatureCount)];
        var expectedValue = 0.0;
        foreach (var root in roots)
        {
            var features = new SortedSet<int>();
            Collect(root);
            var used = features.ToArray();
            if (used.Length > MaxTreeFeatures)
            {
                throw new ArgumentException($"A tree splits on {used.Length} features; the reference enumerates at most {MaxTreeFeatures}.");
            }

            var m = used.Length;
            var game = new double[1 << m];
            for (var subset = 0; subset < game.Length; subset++)
            {
                game[subset] = Value(root, subset, used);
            }

            expectedValue += game[0];
            for (var i = 0; i < m; i++)
            {
                for (var subset = 0; subset < game.Length; subset++)
                {
                    if ((subset & (1 << i)) == 0)
                    {
                        var size = int.PopCount(subset);
                        contributions[used[i]] += Weight(size, m) * (game[subset | (1 << i)] - game[subset]);
                    }
                }
            }

            void Collect(int reference)
            {
                if (reference >= 0)
                {
                    features.Add(nodes[reference].Feature);
                    Collect(nodes[reference].Left);
                    Collect(nodes[reference].Right);
                }
            }
        }

        return (contributions, expectedValue);

        // v(S): the tree's expected output knowing only the features of S.
        double Value(int reference, int subset, int[] used)
        {
            if (reference < 0)
            {
                return leaves[~reference];
            }

            var node = nodes[reference];
            if ((subset & (1 << Array.IndexOf(used, node.Feature))) != 0)
            {
                return Value(values[node.Feature] > node.Threshold ? node.Right : node.Left, subset, used);
            }

            return (leftShare[reference] * Value(node.Left, subset, used)) + (rightShare[reference] * Value(node.Right, subset, used));
        }
    }

    /// <summary>|S|!(M−|S|−1)!/M!: the share of orderings of M features in which exactly the S come before a given one.</summary>
    private static double Weight(int size, int m)
    {
        var weight = 1.0 / m;
        // 1/M · 1/C(M−1, |S|)
        for (var j = 1; j <= size; j++)
        {
            weight *= (double)j / (m - size - 1 + j);
        }

        return weight;
    }
}
