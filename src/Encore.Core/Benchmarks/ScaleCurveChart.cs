using System.Globalization;
using Encore.Core.Reports.Charts;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Encore.Core.Benchmarks;

/// <summary>
/// Two log-log panels of a <see cref="ScaleCurve"/>: wall time and peak RSS per step (and for the whole run) against
/// raw listens, each line's legend carrying its fitted exponent, so a step whose cost grows faster than the data
/// stands out as the steeper line.
/// </summary>
public static class ScaleCurveChart
{
    private const double GiB = 1024.0 * 1024 * 1024;

    public static void Save(ScaleCurve curve, string path)
    {
        // A Multiplot starts with one plot and does not dispose its plots: the second is added, both disposed here.
        var multiplot = new Multiplot();
        using var time = multiplot.GetPlot(0);
        using var memory = new Plot();
        multiplot.AddPlot(memory);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();

        var growth = curve.Growth().ToDictionary(g => g.Step);
        Draw(time, curve, growth, "Wall time per step", "Seconds (log scale)", s => s.Seconds, p => p.WallSeconds, g => g.Time);
        Draw(memory, curve, growth, "Peak RSS per step", "GiB (log scale)", s => s.PeakRssBytes / GiB, p => p.PeakRssBytes / GiB, g => g.Memory);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        multiplot.SavePng(path, ChartStyle.Width * 3 / 2, ChartStyle.Height + 100);
    }

    private static void Draw(
        Plot plot,
        ScaleCurve curve,
        Dictionary<string, StepGrowth> growth,
        string title,
        string yLabel,
        Func<CurveStep, double> stepValue,
        Func<CurvePoint, double> wholeValue,
        Func<StepGrowth, PowerLawFit?> fitOf)
    {
        ChartStyle.Apply(plot, title, "Raw listens (log scale)", yLabel);
        plot.Title(title, size: 16);
        var palette = new ScottPlot.Palettes.Category10();
        var ys = new List<double>();
        var names = curve.StepNames().Append(ScaleCurve.WholeRun).ToList();
        for (var n = 0; n < names.Count; n++)
        {
            var xs = new List<double>();
            var line = new List<double>();
            foreach (var point in curve.Points)
            {
                double value;
                if (names[n] == ScaleCurve.WholeRun)
                {
                    value = point.Status == "ok" ? wholeValue(point) : double.NaN;
                }
                else
                {
                    var step = point.Steps.FirstOrDefault(s => s.Step == names[n]);
                    value = step is { Measured: true } ? stepValue(step) : double.NaN;
                }

                if (value > 0 && double.IsFinite(value))
                {
                    xs.Add(Math.Log10(point.RawListens));
                    line.Add(Math.Log10(value));
                    ys.Add(value);
                }
            }

            if (xs.Count == 0)
            {
                continue;
            }

            var scatter = plot.Add.Scatter(xs.ToArray(), line.ToArray(), names[n] == ScaleCurve.WholeRun ? Colors.Black : palette.GetColor(n));
            scatter.LineWidth = names[n] == ScaleCurve.WholeRun ? 3 : 2;
            if (names[n] == ScaleCurve.WholeRun)
            {
                // Dashed, so the step that sets the run's peak (the same points) still shows under it.
                scatter.LinePattern = LinePattern.Dashed;
            }

            scatter.MarkerSize = 7;
            var fit = growth.TryGetValue(names[n], out var g) ? fitOf(g) : null;
            scatter.LegendText = fit is null ? names[n] : $"{names[n]} (k = {fit.Exponent.ToString("F2", CultureInfo.InvariantCulture)})";
        }

        if (ys.Count == 0)
        {
            ChartStyle.ShowNoData(plot, "No step finished");
            return;
        }

        var listens = curve.Points.Select(p => (double)p.RawListens).ToList();
        var (left, right) = Limits(listens.Min(), listens.Max());
        var (bottom, top) = Limits(ys.Min(), ys.Max());
        plot.Axes.Bottom.TickGenerator = Ticks(left, right, Compact);
        plot.Axes.Left.TickGenerator = Ticks(bottom, top, Label);
        LogTicks.ShowMinorGrid(plot);
        plot.Axes.SetLimits(left, right, bottom, top);
        // Outside the data: lines rise to the upper right and cross, so no corner inside stays empty.
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 12;
    }

    /// <summary>An axis's limits in log10 units: the values' range and 6 % of it (at least of half a decade) either side.</summary>
    private static (double Low, double High) Limits(double min, double max)
    {
        var pad = Math.Max(Math.Log10(max / min), 0.5) * 0.06;
        return (Math.Log10(min) - pad, Math.Log10(max) + pad);
    }

    /// <summary>
    /// Ticks over an axis given in log10 units: labels at 1, 2 and 5 × each power of ten, at every multiple when that
    /// leaves fewer than three (a short axis), minor ticks at the other multiples.
    /// </summary>
    private static NumericManual Ticks(double low, double high, Func<double, string> label)
    {
        var positions = new List<(double Position, double Value, bool Major)>();
        for (var power = (int)Math.Floor(low); power <= (int)Math.Ceiling(high); power++)
        {
            for (var multiple = 1; multiple <= 9; multiple++)
            {
                var value = multiple * Math.Pow(10, power);
                var position = Math.Log10(value);
                if (position >= low && position <= high)
                {
                    positions.Add((position, value, multiple is 1 or 2 or 5));
                }
            }
        }

        var everyMultiple = positions.Count(p => p.Major) < 3;
        var ticks = new NumericManual();
        foreach (var (position, value, major) in positions)
        {
            if (major || everyMultiple)
            {
                ticks.AddMajor(position, label(value));
            }
            else
            {
                ticks.AddMinor(position);
            }
        }

        return ticks;
    }

    /// <summary>Listens: "400k", "1M", "220M", short enough for every multiple of a short axis.</summary>
    private static string Compact(double value) => value switch
    {
        >= 1e9 => $"{(value / 1e9).ToString("0.#", CultureInfo.InvariantCulture)}G",
        >= 1e6 => $"{(value / 1e6).ToString("0.#", CultureInfo.InvariantCulture)}M",
        >= 1e3 => $"{(value / 1e3).ToString("0.#", CultureInfo.InvariantCulture)}k",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>Seconds or GiB: whole numbers from 1 up, decimals below (a tiny size's steps take under a second).</summary>
    private static string Label(double value) => value >= 1 ? ChartStyle.Thousands(value) : value.ToString("0.###", CultureInfo.InvariantCulture);
}
