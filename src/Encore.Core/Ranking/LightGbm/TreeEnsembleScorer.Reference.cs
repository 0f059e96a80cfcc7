namespace Encore.Core.Ranking.LightGbm;

internal sealed partial class TreeEnsembleScorer
{
    /// <summary>
    /// The slow reference the blocked walks of <see cref="Score(ReadOnlySpan{float}, int, Span{float}, int)"/> must
    /// equal bit for bit: each row alone, each tree from its root down the saved nodes until a leaf, the leaves added
    /// in double in tree order and the sum rounded to float once.
    /// </summary>
    /// <param name="values">Row-major features, <c>scores.Length × columns</c>; NaN is a missing value and goes left.</param>
    /// <param name="columns">Features per row.</param>
    /// <param name="scores">One score per row.</param>
    internal void ScoreReference(ReadOnlySpan<float> values, int columns, Span<float> scores)
    {
        if (columns < FeatureCount || values.Length != (long)scores.Length * columns)
        {
            throw new ArgumentException($"{values.Length} values are not {scores.Length} rows of {columns} features covering feature {FeatureCount - 1}.", nameof(values));
        }

        for (var r = 0; r < scores.Length; r++)
        {
            var row = values.Slice(r * columns, columns);
            var sum = 0.0;
            foreach (var root in _roots)
            {
                var reference = root;
                while (reference >= 0)
                {
                    var node = _nodes[reference];
                    reference = row[node.Feature] > node.Threshold ? node.Right : node.Left;
                }

                sum += _leaves[~reference];
            }

            scores[r] = (float)sum;
        }
    }
}
