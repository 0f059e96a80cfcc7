using System.Globalization;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Reports.Charts;
using ScottPlot;

namespace Encore.Core.Evaluation.Reports.Charts;

/// <summary>A metric per listener-activity decile, one line per model: who a model serves well, light or heavy listeners.</summary>
internal static class ActivityDecilesChart
{
    public static void Save(ActivityBreakdown activity, string path)
    {
        using var plot = ChartStyle.Create(
            $"{activity.Metric} by listener activity", "Decile of train listens (1 = lightest listeners)", $"Mean {activity.Metric}");
        var palette = new ScottPlot.Palettes.Category10();
        var max = 0.0;
        for (var m = 0; m < activity.Models.Count; m++)
        {
            var (model, means) = activity.Models[m];
            var xs = new List<double>();
            var ys = new List<double>();
            for (var d = 0; d < means.Length; d++)
            {
                if (double.IsFinite(means[d]))
                {
                    xs.Add(d + 1);
                    ys.Add(means[d]);
                    max = Math.Max(max, means[d]);
                }
            }

            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), palette.GetColor(m));
            line.LegendText = model;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        if (activity.Models.Count == 0)
        {
            ChartStyle.ShowNoData(plot, "No model was evaluated");
            ChartStyle.Save(plot, path);
            return;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var group in activity.Deciles)
        {
            var range = group.Users == 0 ? "empty" : group.MinListens == group.MaxListens
                ? group.MinListens.ToString("N0", CultureInfo.InvariantCulture)
                : $"{group.MinListens.ToString("N0", CultureInfo.InvariantCulture)}–{group.MaxListens.ToString("N0", CultureInfo.InvariantCulture)}";
            ticks.AddMajor(group.Decile, $"{group.Decile}\n{range}");
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Legend.FontSize = 13;
        plot.Axes.SetLimits(0.5, ActivityDeciles.Count + 0.5, 0, max > 0 ? max * 1.2 : 1);
        ChartStyle.Save(plot, path);
    }
}
