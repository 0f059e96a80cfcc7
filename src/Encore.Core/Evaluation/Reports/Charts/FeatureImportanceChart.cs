using System.Globalization;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Reports.Charts;

namespace Encore.Core.Evaluation.Reports.Charts;

/// <summary>
/// The ranker's most important features as horizontal bars, the largest at the top: each feature's share of the
/// total split gain over all trees, in percent, so models of different sizes read on the same scale.
/// </summary>
internal static class FeatureImportanceChart
{
    /// <summary>How many features the chart shows by default; the rest are in the model's importance table.</summary>
    public const int DefaultTop = 20;

    /// <summary>Draws the <paramref name="top"/> features of <paramref name="importance"/> and saves the chart as a PNG.</summary>
    /// <param name="importance">Every feature with its gain, as <see cref="RankerModel.Importance"/> returns them (largest first).</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="top">The most bars to draw.</param>
    public static void Save(IReadOnlyList<FeatureImportance> importance, string path, int top = DefaultTop)
    {
        ArgumentNullException.ThrowIfNull(importance);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var total = importance.Sum(f => f.Gain);
        var bars = importance
            .OrderByDescending(f => f.Gain)
            .ThenBy(f => f.Feature, StringComparer.Ordinal)
            .Take(top)
            .Select(f => new RankedBar(f.Feature, total > 0 ? 100 * f.Gain / total : 0))
            .ToList();
        var title = importance.Count > top ? $"Ranker feature importance (top {top} of {importance.Count})" : "Ranker feature importance";
        RankedBarChart.Save(path, title, "Share of the total split gain (%)", bars, "No split gain: the ranker's trees have no splits", Percent);
    }

    private static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
