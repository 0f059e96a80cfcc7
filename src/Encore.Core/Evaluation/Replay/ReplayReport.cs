using System.Globalization;
using System.Text;
using Encore.Core.Evaluation.Reports.Charts;
using Encore.Core.Reports;

namespace Encore.Core.Evaluation.Replay;

/// <summary>report/replay.md and report/replay.png: a summary table, the NDCG curve, and a table per strategy by checkpoint.</summary>
public static class ReplayReport
{
    public const string Markdown = "replay.md";
    public const string Chart = "replay.png";

    /// <summary>Writes replay.md and replay.png into <paramref name="reportDirectory"/>, creating it if needed.</summary>
    /// <exception cref="EncoreException">The directory or a file in it cannot be written.</exception>
    public static void Write(ReplayResult result, string reportDirectory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(reportDirectory);
        try
        {
            Directory.CreateDirectory(reportDirectory);
            ReplayCurveChart.Save(result, ChartMetric(result), Path.Combine(reportDirectory, Chart));
            File.WriteAllText(Path.Combine(reportDirectory, Markdown), Text(result), new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Report directory '{reportDirectory}' cannot be written: {e.Message}", e);
        }
    }

    /// <summary>The curve the chart draws: NDCG@10, or NDCG at the largest k when 10 is not a cut-off.</summary>
    public static string ChartMetric(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Metrics.Contains("ndcg@10") ? "ndcg@10" : result.Metrics.Last(m => m.StartsWith("ndcg@", StringComparison.Ordinal));
    }

    /// <summary>The text of replay.md.</summary>
    public static string Text(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var options = result.Options;
        var builder = new StringBuilder();
        builder.Append("# Replay evaluation\n\n");
        var sample = options.Users is { } n ? $" (a sample of at most {ReportFormat.Count(n)}, seed {options.Seed})" : "";
        builder.Append(CultureInfo.InvariantCulture,
            $"{ReportFormat.Count(result.Listeners)} warm test listeners{sample}, their test listens replayed in listening order. ");
        builder.Append(CultureInfo.InvariantCulture,
            $"At checkpoint c (after c listens; c = 0…{options.Checkpoints}) the events store holds the newest {options.StoredEvents} of them, ");
        builder.Append(CultureInfo.InvariantCulture,
            $"online lists use the newest {options.OnlineHistory} (merge {options.Merge.ToString().ToLowerInvariant()}), ");
        builder.Append(CultureInfo.InvariantCulture, $"and the target is the next {options.Target} tracks new to the listener. ");
        builder.Append(CultureInfo.InvariantCulture,
            $"{ReportFormat.Count(result.Cases)} (listener, checkpoint) cases with a target, {ReportFormat.Count(result.CasesAfterFirstListen)} of them with c ≥ 1. ");
        builder.Append("Definitions: docs/metrics.md, \"Replay\".\n\n");
        var chartMetric = ChartMetric(result);
        builder.Append(CultureInfo.InvariantCulture, $"![{chartMetric} by checkpoint per strategy]({Chart})\n\n");
        builder.Append("## Mean over checkpoints c ≥ 1\n\n");
        var summary = new MarkdownTable(["strategy", .. result.Metrics.Select(m => ">" + m)]);
        foreach (var strategy in result.Strategies)
        {
            summary.Row([strategy.Strategy, .. strategy.Means.Select(Value)]);
        }

        summary.WriteTo(builder);
        foreach (var strategy in result.Strategies)
        {
            builder.Append("\n## ").Append(strategy.Strategy).Append(" by checkpoint\n\n");
            var table = new MarkdownTable([">c", ">cases", .. result.Metrics.Select(m => ">" + m)]);
            for (var c = 0; c < result.CasesByCheckpoint.Length; c++)
            {
                table.Row([
                    c.ToString(CultureInfo.InvariantCulture), ReportFormat.Count(result.CasesByCheckpoint[c]),
                    .. strategy.ByCheckpoint.Select(curve => Value(curve[c])),
                ]);
            }

            table.WriteTo(builder);
        }

        return builder.ToString();
    }

    private static string Value(double value) =>
        double.IsFinite(value) ? value.ToString("0.000000", CultureInfo.InvariantCulture) : ReportFormat.NotAvailable;
}
