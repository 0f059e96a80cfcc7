using Encore.Core.Reports.Charts;

namespace Encore.Core.Evaluation.Reports.Charts;

/// <summary>ALS's training loss after each iteration: whether the iterations still paid off at the end.</summary>
internal static class AlsLossChart
{
    public static void Save(IReadOnlyList<double> losses, string path)
    {
        using var plot = ChartStyle.Create("ALS training loss", "Iteration", "Loss (implicit's, per weighted cell)");
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < losses.Count; i++)
        {
            if (double.IsFinite(losses[i]))
            {
                xs.Add(i + 1);
                ys.Add(losses[i]);
            }
        }

        if (xs.Count == 0)
        {
            ChartStyle.ShowNoData(plot, "No loss was recorded");
            ChartStyle.Save(plot, path);
            return;
        }

        var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), ChartStyle.Primary);
        line.LineWidth = 2;
        line.MarkerSize = 5;
        var (min, max) = (ys.Min(), ys.Max());
        var pad = max > min ? (max - min) * 0.08 : Math.Abs(max) * 0.05 + 1e-9;
        plot.Axes.SetLimits(0.5, xs.Count + 0.5, min - pad, max + pad);
        ChartStyle.Save(plot, path);
    }
}
