using System.Globalization;
using Encore.Core.Reports.Charts;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Encore.Core.Data.Reports.Charts;

/// <summary>Two stacked panels over the same months: listens per month, then distinct users per month.</summary>
internal static class MonthlyActivityChart
{
    // More month names than this would overlap when written upright; they are then slanted, and past twice as
    // many only every few months is named.
    private const int MaxUprightLabels = 14;
    private const int MaxSlantedLabels = 28;

    // Both panels get the same left and right margins so their data areas, and so their months, line up; the
    // top panel needs room for the title, the bottom one for the axis label (and slanted month names).
    private static readonly PixelPadding s_upperPadding = new(left: 110, right: 30, bottom: 30, top: 45);
    private static readonly PixelPadding s_lowerPadding = new(left: 110, right: 30, bottom: 60, top: 15);
    private static readonly PixelPadding s_lowerPaddingSlanted = new(left: 110, right: 30, bottom: 105, top: 15);

    public static void Save(DataProfile profile, string path)
    {
        var months = profile.Months;
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var listens = multiplot.GetPlot(0);
        var users = multiplot.GetPlot(1);
        var oneYear = months.Count == 0 || months[0].Month.Year == months[^1].Month.Year;
        var monthAxis = months.Count == 0 || !oneYear ? "Month" : $"Month of {months[0].Month.Year}";
        var slanted = months.Count > MaxUprightLabels;
        ChartStyle.Apply(listens, "Listening per month", "", "Listens");
        ChartStyle.Apply(users, "", monthAxis, "Unique users");
        if (months.Count == 0)
        {
            ChartStyle.ShowNoData(listens, ChartStyle.NoEvents);
            ChartStyle.ShowNoData(users, ChartStyle.NoEvents);
        }
        else
        {
            var ticks = MonthTicks(months, oneYear);
            AddBars(listens, months, static month => month.Listens, ChartStyle.Primary, ticks);
            AddBars(users, months, static month => month.Users, ChartStyle.Secondary, ticks);
            if (slanted)
            {
                // The panels share their months; slanted names are written once, under the lower panel.
                listens.Axes.Bottom.TickLabelStyle.IsVisible = false;
                users.Axes.Bottom.TickLabelStyle.Rotation = -45;
                users.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
                // ScottPlot measures tick labels unrotated, so the axis label must be moved below them by hand.
                users.Axes.Bottom.Label.OffsetY = 40;
            }
        }

        listens.Layout.Fixed(s_upperPadding);
        users.Layout.Fixed(slanted ? s_lowerPaddingSlanted : s_lowerPadding);
        try
        {
            multiplot.SavePng(path, ChartStyle.Width, ChartStyle.Height);
        }
        finally
        {
            listens.Dispose();
            users.Dispose();
        }
    }

    private static void AddBars(Plot plot, IReadOnlyList<MonthlyActivity> months, Func<MonthlyActivity, long> value,
        Color color, NumericManual ticks)
    {
        var bars = new List<Bar>(months.Count);
        long max = 0;
        for (var i = 0; i < months.Count; i++)
        {
            var v = value(months[i]);
            max = Math.Max(max, v);
            bars.Add(new Bar { Position = i, Value = v, Size = 0.75, FillColor = color, LineWidth = 0 });
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.TickGenerator = ChartStyle.ThousandsTicks();
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Axes.SetLimits(-0.6, months.Count - 0.4, 0, Math.Max(max, 1) * 1.08);
    }

    private static NumericManual MonthTicks(IReadOnlyList<MonthlyActivity> months, bool oneYear)
    {
        var format = oneYear ? "MMM" : "MMM yyyy";
        var every = (months.Count + MaxSlantedLabels - 1) / MaxSlantedLabels;
        var ticks = new NumericManual();
        for (var i = 0; i < months.Count; i++)
        {
            if (i % every == 0)
            {
                ticks.AddMajor(i, months[i].Month.ToString(format, CultureInfo.InvariantCulture));
            }
            else
            {
                ticks.AddMinor(i);
            }
        }

        return ticks;
    }
}
