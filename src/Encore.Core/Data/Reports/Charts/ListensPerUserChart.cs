using Encore.Core.Reports;
using Encore.Core.Reports.Charts;
using ScottPlot;

namespace Encore.Core.Data.Reports.Charts;

/// <summary>Histogram of listens per user with log-scaled bins, the median marked.</summary>
/// <remarks>
/// Bin edges are the whole counts nearest above 10^(k/10), so bins are about 1/10 decade wide but uneven at the low
/// end (the bin of 1 listen spans 1 to 2, three tenths of a decade; 6 to 7 spans less than one tenth). Each bar's
/// height is its users per 1/10 decade, so a bar's area, not its height, is its number of users and uneven bins
/// do not show as spikes or dips.
/// </remarks>
internal static class ListensPerUserChart
{
    private const int BinsPerDecade = 10;

    public static void Save(DataProfile profile, string path)
    {
        using var plot = ChartStyle.Create("Listens per user", "Listens per user (log scale)", "Users per 1/10 decade of listens");
        var bins = LogBins.Build(profile.ListensPerUserFrequencies, BinsPerDecade);
        if (bins.Count == 0)
        {
            ChartStyle.ShowNoData(plot, ChartStyle.NoEvents);
            ChartStyle.Save(plot, path);
            return;
        }

        var bars = new List<Bar>(bins.Count);
        foreach (var bin in bins)
        {
            var left = Math.Log10(bin.Lower);
            var right = Math.Log10(bin.Upper);
            bars.Add(new Bar
            {
                Position = (left + right) / 2,
                Size = right - left,
                Value = Height(bin),
                FillColor = ChartStyle.Primary,
                LineColor = Colors.White,
                LineWidth = 0.5f,
            });
        }

        plot.Add.Bars(bars);
        var median = profile.ListensPerUser.Median;
        var line = plot.Add.VerticalLine(Math.Log10(median), 2, ChartStyle.Secondary, LinePattern.Dashed);
        line.LegendText = $"Median: {ReportFormat.Number(median)} listens";
        plot.ShowLegend(Alignment.UpperRight);

        plot.Axes.Bottom.TickGenerator = LogTicks.Create(bins[0].Lower, bins[^1].Upper);
        plot.Axes.Left.TickGenerator = ChartStyle.ThousandsTicks();
        plot.Axes.Margins(horizontal: 0.01, vertical: 0.05);
        plot.Axes.SetLimitsY(0, MaxHeight(bins) * 1.08);
        ChartStyle.Save(plot, path);
    }

    private static double Height(CountBin bin) =>
        bin.Frequency / ((Math.Log10(bin.Upper) - Math.Log10(bin.Lower)) * BinsPerDecade);

    private static double MaxHeight(List<CountBin> bins)
    {
        double max = 0;
        foreach (var bin in bins)
        {
            max = Math.Max(max, Height(bin));
        }

        return max;
    }
}
