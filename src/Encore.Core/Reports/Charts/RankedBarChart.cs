using ScottPlot;
using ScottPlot.TickGenerators;

namespace Encore.Core.Reports.Charts;

/// <summary>One bar of a <see cref="RankedBarChart"/>.</summary>
internal readonly record struct RankedBar(string Label, double Value);

/// <summary>Horizontal bars, the first at the top, each labelled by name on the left and by value at its end.</summary>
internal static class RankedBarChart
{
    // Longer labels would squeeze the bars; the full names are in data.md's tables.
    private const int MaxLabelLength = 48;

    /// <summary>Draws the bars, in the given order from the top, and saves the chart as a PNG.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="valueLabel">The value axis' label, with its unit.</param>
    /// <param name="items">The bars, first at the top.</param>
    /// <param name="noData">What the chart says instead when there are no bars or all are 0.</param>
    /// <param name="format">How a value is printed at its bar's end; whole numbers with thousands separators by default.</param>
    public static void Save(string path, string title, string valueLabel, IReadOnlyList<RankedBar> items, string noData,
        Func<double, string>? format = null)
    {
        using var plot = ChartStyle.Create(title, valueLabel, "");
        if (!HasValues(items))
        {
            ChartStyle.ShowNoData(plot, noData);
            ChartStyle.Save(plot, path);
            return;
        }

        var bars = new List<Bar>(items.Count);
        var ticks = new NumericManual();
        var max = 0.0;
        for (var i = 0; i < items.Count; i++)
        {
            var position = items.Count - 1 - i;
            var value = items[i].Value;
            max = Math.Max(max, value);
            bars.Add(new Bar
            {
                Position = position,
                Value = value,
                Size = 0.7,
                FillColor = ChartStyle.Primary,
                LineWidth = 0,
                Label = (format ?? ChartStyle.Thousands)(value),
            });
            ticks.AddMajor(position, Shorten(items[i].Label));
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 12;

        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickGenerator = format is null ? ChartStyle.ThousandsTicks() : new NumericAutomatic();
        plot.Grid.YAxisStyle.IsVisible = false;
        // Room at the right for the value printed after the longest bar.
        plot.Axes.SetLimits(0, max * 1.12, -0.6, items.Count - 0.4);
        ChartStyle.Save(plot, path);
    }

    private static bool HasValues(IReadOnlyList<RankedBar> items)
    {
        foreach (var item in items)
        {
            if (item.Value > 0)
            {
                return true;
            }
        }

        return false;
    }

    internal static string Shorten(string label) =>
        label.Length <= MaxLabelLength ? label : string.Concat(label.AsSpan(0, MaxLabelLength - 1).TrimEnd(), "…");
}
