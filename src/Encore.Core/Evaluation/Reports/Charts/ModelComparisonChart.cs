using System.Globalization;
using Encore.Core.Reports.Charts;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Encore.Core.Evaluation.Reports.Charts;

/// <summary>
/// Grouped bars: one group per accuracy metric (precision, recall, NDCG at one k, <see cref="ReportCutoff"/>), one bar per model,
/// so the models can be compared at a glance. A metric the protocol does not report (the seed has no NDCG) is
/// left out, and a NaN value gets no bar.
/// </summary>
internal static class ModelComparisonChart
{
    private static readonly string[] s_metrics = ["precision", "recall", "ndcg"];

    /// <summary>The metric names the chart shows for <paramref name="result"/>, in order.</summary>
    public static List<string> Metrics(EvaluationResult result)
    {
        var k = ReportCutoff.Of(result.K);
        var shown = new List<string>();
        foreach (var metric in s_metrics)
        {
            var name = $"{metric}@{k}";
            if (result.Models.Any(m => m.Values.Any(v => v.Name == name)))
            {
                shown.Add(name);
            }
        }

        return shown;
    }

    public static void Save(EvaluationResult result, string path)
    {
        var metrics = Metrics(result);
        using var plot = ChartStyle.Create(
            $"Models at k = {ReportCutoff.Of(result.K)} only ({result.Protocol} protocol; every k: {Artifacts.ArtifactFiles.MetricCurvesChart})",
            "", "Mean over evaluated users");
        var models = result.Models;
        if (metrics.Count == 0 || models.Count == 0)
        {
            ChartStyle.ShowNoData(plot, "No model was evaluated");
            ChartStyle.Save(plot, path);
            return;
        }

        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / models.Count;
        var bars = new List<Bar>();
        var ticks = new NumericManual();
        var max = 0.0;
        for (var g = 0; g < metrics.Count; g++)
        {
            ticks.AddMajor(g, metrics[g]);
            for (var m = 0; m < models.Count; m++)
            {
                var value = ValueOf(models[m], metrics[g]);
                if (!double.IsFinite(value))
                {
                    continue;
                }

                max = Math.Max(max, value);
                bars.Add(new Bar
                {
                    Position = g - 0.4 + width * (m + 0.5),
                    Value = value,
                    Size = width * 0.9,
                    FillColor = palette.GetColor(m),
                    LineWidth = 0,
                    Label = value.ToString("G3", CultureInfo.InvariantCulture),
                });
            }
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 11;
        for (var m = 0; m < models.Count; m++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = models[m].Model, FillColor = palette.GetColor(m) });
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.Legend.FontSize = 13;
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        // Headroom for the value labels and the legend above the tallest bar.
        plot.Axes.SetLimits(-0.6, metrics.Count - 0.4, 0, max > 0 ? max * 1.35 : 1);
        ChartStyle.Save(plot, path);
    }

    private static double ValueOf(ModelScores model, string metric)
    {
        foreach (var value in model.Values)
        {
            if (value.Name == metric)
            {
                return value.Value;
            }
        }

        return double.NaN;
    }
}
