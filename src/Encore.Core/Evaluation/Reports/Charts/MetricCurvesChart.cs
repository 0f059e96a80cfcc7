using Encore.Core.Reports.Charts;
using ScottPlot;

namespace Encore.Core.Evaluation.Reports.Charts;

/// <summary>
/// Metric against k, one line per model, one panel per accuracy metric (precision, recall, NDCG): every cut-off of
/// <c>--k</c> is drawn, so a model that wins only at one k shows as such. A metric the protocol lacks (the seed has no
/// NDCG) gets no panel.
/// </summary>
internal static class MetricCurvesChart
{
    private static readonly string[] s_families = ["precision", "recall", "ndcg"];

    /// <summary>The metric families drawn for <paramref name="result"/>, in panel order.</summary>
    public static List<string> Families(EvaluationResult result) =>
        [.. s_families.Where(f => result.Models.Any(m => m.Values.Any(v => v.Name == $"{f}@{result.K[0]}")))];

    public static void Save(EvaluationResult result, string path)
    {
        var families = Families(result);
        // A Multiplot starts with one plot and does not dispose its plots: the rest are added, all disposed here.
        var plots = new Plot[Math.Max(families.Count, 1)];
        try
        {
            var multiplot = new Multiplot();
            plots[0] = multiplot.GetPlot(0);
            for (var p = 1; p < plots.Length; p++)
            {
                plots[p] = new Plot();
                multiplot.AddPlot(plots[p]);
            }

            Draw(multiplot, result, families, path);
        }
        finally
        {
            foreach (var plot in plots)
            {
                plot?.Dispose();
            }
        }
    }

    private static void Draw(Multiplot multiplot, EvaluationResult result, List<string> families, string path)
    {
        if (families.Count == 0 || result.Models.Count == 0)
        {
            var empty = multiplot.GetPlot(0);
            ChartStyle.Apply(empty, $"Metrics by k ({result.Protocol} protocol)", "k", "");
            ChartStyle.ShowNoData(empty, "No model was evaluated");
            multiplot.SavePng(path, ChartStyle.Width, ChartStyle.Height);
            return;
        }

        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var palette = new ScottPlot.Palettes.Category10();
        for (var p = 0; p < families.Count; p++)
        {
            var plot = multiplot.GetPlot(p);
            ChartStyle.Apply(plot, $"{families[p]}@k", "k (log scale)", p == 0 ? $"Mean over users ({result.Protocol} protocol)" : "");
            plot.Title($"{families[p]}@k", size: 16);
            var max = 0.0;
            for (var m = 0; m < result.Models.Count; m++)
            {
                var xs = new List<double>();
                var ys = new List<double>();
                foreach (var k in result.K)
                {
                    var value = ValueOf(result.Models[m], $"{families[p]}@{k}");
                    if (double.IsFinite(value))
                    {
                        xs.Add(Math.Log10(k));
                        ys.Add(value);
                        max = Math.Max(max, value);
                    }
                }

                var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), palette.GetColor(m));
                line.LineWidth = 2;
                line.MarkerSize = 6;
                if (p == LegendPanel(families))
                {
                    line.LegendText = result.Models[m].Model;
                }
            }

            var ticks = new ScottPlot.TickGenerators.NumericManual();
            foreach (var k in result.K)
            {
                ticks.AddMajor(Math.Log10(k), k.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            plot.Axes.Bottom.TickGenerator = ticks;
            var span = Math.Max(Math.Log10(result.K[^1]) - Math.Log10(result.K[0]), 0.5);
            plot.Axes.SetLimits(Math.Log10(result.K[0]) - span * 0.08, Math.Log10(result.K[^1]) + span * 0.08, 0, max > 0 ? max * 1.1 : 1);
            if (p == LegendPanel(families))
            {
                plot.ShowLegend(Alignment.UpperLeft);
                plot.Legend.FontSize = 12;
            }
        }

        multiplot.SavePng(path, ChartStyle.Width * 3 / 2, ChartStyle.Height);
    }

    /// <summary>The recall panel, whose curves rise with k and leave its upper left empty; else the first.</summary>
    private static int LegendPanel(List<string> families) => Math.Max(families.IndexOf("recall"), 0);

    internal static double ValueOf(ModelScores model, string metric)
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
