using System.Globalization;
using Encore.Core.Config;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;

namespace Encore.Core.Benchmarks.Quality;

/// <summary>One ALS configuration of the quality benchmark: what the matrix cells hold, and the ALS options.</summary>
public sealed record AlsQualityConfig(InteractionValues Values, AlsOptions Als)
{
    /// <summary>A short label, e.g. <c>bm25 reg=0.1 alpha=10 c=1+alpha*r</c>.</summary>
    public string Name => string.Create(
        CultureInfo.InvariantCulture,
        $"{OptionValues.Name(Values)} reg={Als.Regularization:0.###} alpha={Als.Alpha:0.###} c={(Als.Confidence == AlsConfidence.AlphaTimesValue ? "alpha*r" : "1+alpha*r")}");

    /// <summary>The grid of <c>--grid</c>: regularization {0.01, 0.1, 1} × alpha {1, 10, 40} × both confidence modes × values.</summary>
    public static IReadOnlyList<AlsQualityConfig> Grid(AlsOptions baseOptions, IReadOnlyList<InteractionValues> values)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        ArgumentNullException.ThrowIfNull(values);
        var grid = new List<AlsQualityConfig>();
        foreach (var value in values)
        {
            foreach (var confidence in new[] { AlsConfidence.AlphaTimesValue, AlsConfidence.OnePlusAlphaTimesValue })
            {
                foreach (var regularization in new[] { 0.01f, 0.1f, 1f })
                {
                    foreach (var alpha in new[] { 1f, 10f, 40f })
                    {
                        grid.Add(new AlsQualityConfig(
                            value, baseOptions with { Regularization = regularization, Alpha = alpha, Confidence = confidence }));
                    }
                }
            }
        }

        return grid;
    }
}

/// <summary>A model's top-k accuracy on the holdout and how long it took to fit and recommend.</summary>
public readonly record struct QualityScores(double Precision, double Recall, double Ndcg, double Seconds);
