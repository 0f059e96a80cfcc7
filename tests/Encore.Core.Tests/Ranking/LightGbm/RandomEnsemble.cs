using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Tests.Ranking.LightGbm;

/// <summary>Random tree ensembles and rows for the scorer's tests: children after parents, as LightGBM numbers them.</summary>
internal static class RandomEnsemble
{
    /// <summary>
    /// <paramref name="trees"/> trees of depth ≤ <paramref name="depth"/> over <paramref name="features"/> features; tree
    /// t's leaves are uniform in ±<paramref name="scale"/>·<paramref name="decay"/>^t (boosting's shrinking steps).
    /// </summary>
    public static TreeEnsembleScorer Create(int seed, int trees, int features, int depth = 4, double scale = 1, double decay = 1)
    {
        var random = new Random(seed);
        var nodes = new List<TreeEnsembleScorer.Node>();
        var leaves = new List<double>();
        var roots = new int[trees];
        for (var t = 0; t < trees; t++)
        {
            var size = scale * Math.Pow(decay, t);
            roots[t] = Grow(depth);

            int Grow(int left)
            {
                if (left == 0 || random.Next(5) == 0)
                {
                    leaves.Add(((random.NextDouble() * 2) - 1) * size);
                    return ~(leaves.Count - 1);
                }

                var at = nodes.Count;
                nodes.Add(default);
                var feature = random.Next(features);
                var threshold = (float)((random.NextDouble() * 4) - 2);
                var l = Grow(left - 1);
                var r = Grow(left - 1);
                nodes[at] = new TreeEnsembleScorer.Node(feature, threshold, l, r);
                return at;
            }
        }

        return new TreeEnsembleScorer([.. nodes], roots, [.. leaves]);
    }

    /// <summary>Row-major rows in [−3, 3), one value in ten missing; with <paramref name="repeats"/>, some rows copy an earlier one (tied scores).</summary>
    public static float[] Rows(int seed, int rows, int columns, bool repeats = false)
    {
        var random = new Random(seed);
        var values = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            if (repeats && r > 0 && random.Next(4) == 0)
            {
                values.AsSpan(random.Next(r) * columns, columns).CopyTo(values.AsSpan(r * columns, columns));
                continue;
            }

            for (var c = 0; c < columns; c++)
            {
                values[(r * columns) + c] = random.Next(10) == 0 ? float.NaN : (float)((random.NextDouble() * 6) - 3);
            }
        }

        return values;
    }
}
