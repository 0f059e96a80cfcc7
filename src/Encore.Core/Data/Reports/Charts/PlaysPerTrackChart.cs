using Encore.Core.Reports;
using Encore.Core.Reports.Charts;
using ScottPlot;

namespace Encore.Core.Data.Reports.Charts;

/// <summary>
/// Log-log complementary cumulative distribution of plays per track: how many tracks have at least x plays. A
/// long-tailed (power-law-like) catalogue shows as a nearly straight falling line.
/// </summary>
internal static class PlaysPerTrackChart
{
    // Above this many points the markers merge into a thick smear; the line alone reads better.
    private const int MaxPointsWithMarkers = 200;

    public static void Save(DataProfile profile, string path)
    {
        using var plot = ChartStyle.Create(
            "Plays per track", "Plays (log scale)", "Tracks with at least this many plays (log scale)");
        var frequencies = profile.PlaysPerTrackFrequencies;
        if (frequencies.Count == 0)
        {
            ChartStyle.ShowNoData(plot, ChartStyle.NoEvents);
            ChartStyle.Save(plot, path);
            return;
        }

        var xs = new double[frequencies.Count];
        var ys = new double[frequencies.Count];
        long atLeast = 0;
        for (var i = frequencies.Count - 1; i >= 0; i--)
        {
            atLeast += frequencies[i].Frequency;
            xs[i] = Math.Log10(frequencies[i].Value);
            ys[i] = Math.Log10(atLeast);
        }

        var scatter = plot.Add.Scatter(xs, ys, ChartStyle.Primary);
        scatter.LineWidth = 2;
        // Between two play counts the number of tracks with at least x plays is the higher count's: step down first.
        scatter.ConnectStyle = ConnectStyle.StepVertical;
        scatter.MarkerSize = frequencies.Count <= MaxPointsWithMarkers ? 6 : 0;
        scatter.LegendText = $"{ChartStyle.Thousands(atLeast)} played tracks";

        var median = profile.PlaysPerTrack.Median;
        var line = plot.Add.VerticalLine(Math.Log10(median), 2, ChartStyle.Secondary, LinePattern.Dashed);
        line.LegendText = $"Median: {ReportFormat.Number(median)} plays";
        plot.ShowLegend(Alignment.UpperRight);

        plot.Axes.Bottom.TickGenerator = LogTicks.Create(frequencies[0].Value, frequencies[^1].Value);
        // The y axis runs to the next power of ten, so the top of the curve sits under a labelled line.
        var top = Math.Ceiling(Math.Log10(atLeast));
        plot.Axes.Left.TickGenerator = LogTicks.Create(1, Math.Pow(10, top));
        LogTicks.ShowMinorGrid(plot);
        plot.Axes.Margins(horizontal: 0.03, vertical: 0.05);
        plot.Axes.SetLimitsY(-0.05 * Math.Max(top, 1), top + (0.05 * Math.Max(top, 1)));
        ChartStyle.Save(plot, path);
    }
}
