using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Encore.Core.Reports.Charts;

/// <summary>The look every report chart shares: size, font, text sizes, colours and number labels.</summary>
internal static class ChartStyle
{
    public const int Width = 1000;
    public const int Height = 600;
    public const string NoEvents = "No listening events";

    /// <summary>Each chart's single data colour, so the report reads as one document.</summary>
    public static readonly Color Primary = Color.FromHex("#2B6CB0");
    public static readonly Color Secondary = Color.FromHex("#DD6B20");

    // ScottPlot's default resolves to "DejaVu Serif" on Debian images (ecosystem-notes §10); a sans face reads
    // better at small sizes and has Cyrillic glyphs for the catalogue's names. Where it is not installed, Skia
    // falls back to its default face.
    private const string PreferredFont = "DejaVu Sans";

    /// <summary>A plot with the report's font, title and axis labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        Apply(plot, title, xLabel, yLabel);
        return plot;
    }

    public static void Apply(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Font.Set(PreferredFont);
        plot.Title(title, size: 20);
        plot.XLabel(xLabel, size: 15);
        plot.YLabel(yLabel, size: 15);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
    }

    /// <summary>"1,234,567": whole numbers with thousands separators, whatever the machine's culture.</summary>
    public static string Thousands(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Linear ticks at whole numbers, labelled with thousands separators.</summary>
    public static NumericAutomatic ThousandsTicks() => new() { LabelFormatter = Thousands, IntegerTicksOnly = true };

    /// <summary>Says on an empty chart that there is nothing to show, instead of leaving bare axes.</summary>
    public static void ShowNoData(Plot plot, string message)
    {
        var text = plot.Add.Text(message, 0.5, 0.5);
        text.LabelFontSize = 18;
        text.LabelFontColor = Colors.Gray;
        text.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Axes.Bottom.TickGenerator = new NumericManual();
        plot.Axes.Left.TickGenerator = new NumericManual();
    }

    public static void Save(Plot plot, string path) => plot.SavePng(path, Width, Height);
}
