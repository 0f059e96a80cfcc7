using System.Buffers;

namespace Encore.Core.Ranking.LightGbm;

public sealed partial class RankerModel
{
    /// <summary>
    /// Whether <see cref="Contributions"/> can explain a score: the model knows how many training rows reached each of
    /// its leaves. True for every model this build trains; false for one loaded from a format-1 file, saved before.
    /// </summary>
    public bool HasContributions => _shap is not null;

    /// <summary>
    /// The score before any feature is known, which the contributions start from: the sum over trees of the mean leaf
    /// value weighted by the training rows each leaf held. NaN when <see cref="HasContributions"/> is false.
    /// </summary>
    public double ExpectedScore => _shap?.ExpectedValue ?? double.NaN;

    internal TreeShap? Shap => _shap;

    /// <summary>
    /// Each feature's contribution to the raw score of one row (TreeSHAP, the exact Shapley values of the trees'
    /// expectation given a subset of the features, as LightGBM's <c>pred_contrib</c>): <see cref="ExpectedScore"/> plus
    /// the contributions is the row's score, up to float rounding, and a feature no tree splits on gets 0.
    /// </summary>
    /// <param name="row">The row's features in <see cref="FeatureNames"/> order; NaN is missing.</param>
    /// <param name="contributions">One per feature, in the same order; overwritten.</param>
    /// <exception cref="InvalidOperationException">The model has no leaf covers (<see cref="HasContributions"/>).</exception>
    /// <remarks>Allocates nothing once warm: the scratch path comes from a pool. Safe to call from many threads.</remarks>
    public void Contributions(ReadOnlySpan<float> row, Span<double> contributions)
    {
        if (_shap is null)
        {
            throw new InvalidOperationException("This ranker model was saved without leaf covers (format 1) and cannot explain its scores; retrain it.");
        }

        if (row.Length != _featureNames.Length || contributions.Length != _featureNames.Length)
        {
            throw new ArgumentException($"A row of {row.Length} and {contributions.Length} contributions for a model of {_featureNames.Length} features.");
        }

        contributions.Clear();
        var scratch = ArrayPool<TreeShap.PathElement>.Shared.Rent(_shap.ScratchLength);
        try
        {
            _shap.Contributions(row, contributions, scratch);
        }
        finally
        {
            ArrayPool<TreeShap.PathElement>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// The features that raised the row's score most above <see cref="ExpectedScore"/>: the largest positive
    /// <see cref="Contributions"/>, largest first (ties in column order), at most <paramref name="count"/>.
    /// </summary>
    /// <param name="row">The row's features in <see cref="FeatureNames"/> order; NaN is missing.</param>
    /// <param name="count">How many at most.</param>
    /// <exception cref="InvalidOperationException">The model has no leaf covers (<see cref="HasContributions"/>).</exception>
    public IReadOnlyList<FeatureContribution> TopContributions(ReadOnlySpan<float> row, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var contributions = new double[_featureNames.Length];
        Contributions(row, contributions);
        var top = new List<FeatureContribution>(count);
        for (var f = 0; f < contributions.Length; f++)
        {
            if (contributions[f] > 0)
            {
                top.Add(new FeatureContribution(_featureNames[f], row[f], contributions[f]));
            }
        }

        // A stable sort keeps equal contributions in column order.
        return [.. top.OrderByDescending(c => c.Contribution).Take(count)];
    }
}
