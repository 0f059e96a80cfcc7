using Encore.Core.Evaluation.Replay;
using Encore.Core.Reports.Charts;
using ScottPlot;

namespace Encore.Core.Evaluation.Reports.Charts;

/// <summary>One line per replay strategy: a metric's mean at each checkpoint c, so how fast each strategy reacts shows.</summary>
internal static class ReplayCurveChart
{
    public static void Save(ReplayResult result, string metric, string path)
    {
        using var plot = ChartStyle.Create($"{metric} by checkpoint (replay)", "Checkpoint c (test listens replayed)", $"Mean {metric}");
        if (result.Cases == 0 || result.Strategies.Count == 0)
        {
            ChartStyle.ShowNoData(plot, "No listener had a checkpoint with a target");
            ChartStyle.Save(plot, path);
            return;
        }

        var palette = new ScottPlot.Palettes.Category10();
        var max = 0.0;
        for (var s = 0; s < result.Strategies.Count; s++)
        {
            var curve = result.Curve(result.Strategies[s].Strategy, metric);
            var xs = new List<double>();
            var ys = new List<double>();
            for (var c = 0; c < curve.Length; c++)
            {
                if (double.IsFinite(curve[c]))
                {
                    xs.Add(c);
                    ys.Add(curve[c]);
                    max = Math.Max(max, curve[c]);
                }
            }

            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), palette.GetColor(s));
            line.LegendText = result.Strategies[s].Strategy;
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 13;
        plot.Axes.SetLimits(-0.5, result.CasesByCheckpoint.Length - 0.5, 0, max > 0 ? max * 1.15 : 1);
        ChartStyle.Save(plot, path);
    }
}
