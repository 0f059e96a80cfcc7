using ScottPlot;
using ScottPlot.TickGenerators;

namespace Encore.Core.Reports.Charts;

/// <summary>
/// Ticks for an axis that shows log10 of counts (ScottPlot 5 has no log axis; the data is log-scaled and the ticks
/// say the real values).
/// </summary>
internal static class LogTicks
{
    /// <summary>A tick generator for the ticks of <see cref="Build"/>.</summary>
    public static NumericManual Create(double min, double max) => new(Build(min, max));

    /// <summary>
    /// Major ticks at 1, 10, 100, … between <paramref name="min"/> and <paramref name="max"/> (real values, ≥ 1);
    /// a short axis gets more labels so it still has a few: 2 and 5 times each power when the range spans less
    /// than two decades, every multiple when it spans less than one. The other multiples are minor ticks.
    /// Positions are log10 of the values.
    /// </summary>
    public static Tick[] Build(double min, double max)
    {
        var ticks = new List<Tick>();
        var decades = Math.Log10(max) - Math.Log10(min);
        var firstPower = (int)Math.Floor(Math.Log10(min));
        var lastPower = (int)Math.Ceiling(Math.Log10(max));
        for (var power = firstPower; power <= lastPower; power++)
        {
            var decade = Math.Pow(10, power);
            for (var multiple = 1; multiple <= 9; multiple++)
            {
                var value = multiple * decade;
                if (value < min || value > max)
                {
                    continue;
                }

                var major = multiple == 1 || decades < 1 || (decades < 2 && multiple is 2 or 5);
                ticks.Add(major ? Tick.Major(Math.Log10(value), ChartStyle.Thousands(value)) : Tick.Minor(Math.Log10(value)));
            }
        }

        return [.. ticks];
    }

    /// <summary>Shows minor grid lines, which make a log axis readable.</summary>
    public static void ShowMinorGrid(Plot plot)
    {
        plot.Grid.XAxisStyle.MinorLineStyle.Width = 1;
        plot.Grid.YAxisStyle.MinorLineStyle.Width = 1;
    }
}
