using System.Globalization;
using Encore.Core.Reports.Charts;
using ScottPlot;

namespace Encore.Core.Evaluation.Reports.Charts;

/// <summary>
/// One labelled point per model: accuracy (y) against a property of its lists (x), such as catalogue coverage or the
/// mean popularity of the recommended tracks, so the trade-off between them can be read at a glance.
/// </summary>
internal static class ModelScatterChart
{
    public static void Save(EvaluationResult result, string xMetric, string yMetric, string title, string xLabel, string path)
    {
        using var plot = ChartStyle.Create(title, xLabel, $"{yMetric} (mean over users)");
        var palette = new ScottPlot.Palettes.Category10();
        double maxX = 0, maxY = 0;
        var drawn = 0;
        for (var m = 0; m < result.Models.Count; m++)
        {
            var x = MetricCurvesChart.ValueOf(result.Models[m], xMetric);
            var y = MetricCurvesChart.ValueOf(result.Models[m], yMetric);
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                continue;
            }

            var point = plot.Add.Marker(x, y, MarkerShape.FilledCircle, 14, palette.GetColor(m));
            var label = plot.Add.Text($" {result.Models[m].Model}", x, y);
            label.LabelFontSize = 14;
            label.LabelFontColor = palette.GetColor(m);
            label.LabelAlignment = Alignment.LowerLeft;
            maxX = Math.Max(maxX, x);
            maxY = Math.Max(maxY, y);
            drawn++;
        }

        if (drawn == 0)
        {
            ChartStyle.ShowNoData(plot, $"No model has both {xMetric} and {yMetric}");
            ChartStyle.Save(plot, path);
            return;
        }

        // Room on the right and above for the labels.
        plot.Axes.SetLimits(0, maxX > 0 ? maxX * 1.3 : 1, 0, maxY > 0 ? maxY * 1.2 : 1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => v.ToString("G3", CultureInfo.InvariantCulture),
        };
        ChartStyle.Save(plot, path);
    }
}
