using System.Globalization;
using System.Text;
using Encore.Core.Artifacts;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Evaluation.Reports.Charts;
using Encore.Core.Reports;

namespace Encore.Core.Evaluation.Reports;

/// <summary>
/// models.md and its charts in a protocol's report folder: the metrics table of one evaluation, metric-vs-k curves,
/// a bar chart at one k, accuracy against coverage and popularity, NDCG by listener activity, the ALS loss when train
/// recorded it, a note on how each model's lists were made, and the seed's numbers for a seed-protocol run.
/// </summary>
public static class ModelsReport
{
    /// <summary>Writes models.md and its charts into <paramref name="reportDirectory"/>, creating it if needed.</summary>
    /// <exception cref="EncoreException">The directory or a file in it cannot be written.</exception>
    public static void Write(OfflineEvaluationReport report, string reportDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reportDirectory);
        try
        {
            Directory.CreateDirectory(reportDirectory);
            ModelComparisonChart.Save(report.Result, Path.Combine(reportDirectory, ArtifactFiles.ModelsChart));
            MetricCurvesChart.Save(report.Result, Path.Combine(reportDirectory, ArtifactFiles.MetricCurvesChart));
            var (accuracy, coverage, popularity) = TradeOffMetrics(report.Result);
            ModelScatterChart.Save(
                report.Result, coverage, accuracy, $"Accuracy against catalogue coverage ({report.Result.Protocol} protocol)",
                $"{coverage}: share of the catalogue in the evaluated users' lists", Path.Combine(reportDirectory, ArtifactFiles.AccuracyCoverageChart));
            ModelScatterChart.Save(
                report.Result, popularity, accuracy, $"Accuracy against popularity ({report.Result.Protocol} protocol)",
                $"{popularity}: mean share of train listeners who played a recommended track",
                Path.Combine(reportDirectory, ArtifactFiles.AccuracyPopularityChart));
            if (report.Activity is not null)
            {
                ActivityDecilesChart.Save(report.Activity, Path.Combine(reportDirectory, ArtifactFiles.ActivityChart));
            }

            if (report.AlsLoss is not null)
            {
                AlsLossChart.Save(report.AlsLoss, Path.Combine(reportDirectory, ArtifactFiles.AlsLossChart));
            }

            File.WriteAllText(Path.Combine(reportDirectory, ArtifactFiles.ModelsReport), Markdown(report), new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Report directory '{reportDirectory}' cannot be written: {e.Message}", e);
        }
    }

    /// <summary>
    /// The accuracy, coverage and popularity metrics of the trade-off charts at <see cref="ReportCutoff"/>: NDCG when
    /// the protocol has it (precision for the seed's), coverage@k (the seed's all-list coverage), popularity@k.
    /// </summary>
    private static (string Accuracy, string Coverage, string Popularity) TradeOffMetrics(EvaluationResult result)
    {
        var k = ReportCutoff.Of(result.K);
        var seedProtocol = result.Protocol == EvaluateOptions.SeedProtocolName;
        return (seedProtocol ? $"precision@{k}" : $"ndcg@{k}", seedProtocol ? "coverage" : $"coverage@{k}", $"popularity@{k}");
    }

    private static void Activity(StringBuilder builder, ActivityBreakdown activity)
    {
        builder.Append("## By listener activity\n\n");
        builder.Append(CultureInfo.InvariantCulture,
            $"The evaluated listeners in ten groups by their number of train listens (1 = the lightest tenth; listeners with the same count share a group, ");
        builder.Append(CultureInfo.InvariantCulture, $"so a group can be larger, smaller or empty), and each model's mean {activity.Metric} in each group.\n\n");
        builder.Append(CultureInfo.InvariantCulture, $"![{activity.Metric} by listener activity decile]({ArtifactFiles.ActivityChart})\n\n");
        var table = new MarkdownTable([">decile", ">listeners", ">train listens", .. activity.Models.Select(m => ">" + m.Key)]);
        foreach (var group in activity.Deciles)
        {
            var range = group.Users == 0 ? ReportFormat.NotAvailable
                : group.MinListens == group.MaxListens ? ReportFormat.Count(group.MinListens)
                : $"{ReportFormat.Count(group.MinListens)}–{ReportFormat.Count(group.MaxListens)}";
            table.Row([
                group.Decile.ToString(CultureInfo.InvariantCulture), ReportFormat.Count(group.Users), range,
                .. activity.Models.Select(m => Value(m.Value[group.Decile - 1])),
            ]);
        }

        table.WriteTo(builder);
        builder.Append('\n');
    }

    private static void Loss(StringBuilder builder, IReadOnlyList<double> loss)
    {
        builder.Append("## ALS training loss\n\n");
        builder.Append(CultureInfo.InvariantCulture,
            $"implicit's loss after each of the {loss.Count} iterations ({ArtifactFiles.AlsLoss}, recorded because train ran with calculate_loss). ");
        builder.Append("A curve still falling at the end says more iterations would pay; a flat tail says they would not.\n\n");
        builder.Append(CultureInfo.InvariantCulture, $"![ALS loss per iteration]({ArtifactFiles.AlsLossChart})\n\n");
        if (loss.Count > 0)
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"First iteration {Value(loss[0])}, last {Value(loss[^1])}.\n\n");
        }
    }

    private static string Value(double value) =>
        double.IsFinite(value) ? value.ToString("0.000000", CultureInfo.InvariantCulture) : ReportFormat.NotAvailable;

    /// <summary>The text of models.md.</summary>
    public static string Markdown(OfflineEvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var result = report.Result;
        var seedProtocol = result.Protocol == EvaluateOptions.SeedProtocolName;
        var builder = new StringBuilder();
        builder.Append("# Model evaluation\n\n");
        builder.Append(CultureInfo.InvariantCulture,
            $"Protocol **{result.Protocol}**: {(seedProtocol ? "the seed's evaluation, quirks included (docs/seed.md §5.1–5.6)" : "Encore's evaluation (docs/metrics.md)")}. ");
        builder.Append(CultureInfo.InvariantCulture,
            $"Train = listens before {report.SplitDate:yyyy-MM-dd}, test = from that day on. k = {string.Join(", ", result.K)}.\n\n");
        var metrics = ModelComparisonChart.Metrics(result);
        builder.Append(CultureInfo.InvariantCulture,
            $"![precision, recall and NDCG at every k per model]({ArtifactFiles.MetricCurvesChart})\n\n");
        builder.Append(CultureInfo.InvariantCulture,
            $"![{string.Join(", ", metrics)} per model]({ArtifactFiles.ModelsChart})\n\n");
        builder.Append("## Metrics\n\n");
        builder.Append(EvaluationResultMarkdown.ToMarkdown(result));
        builder.Append("\nDefinitions: docs/metrics.md. NaN means undefined (e.g. a mean over no users), not 0.\n\n");
        var (accuracy, coverage, popularity) = TradeOffMetrics(result);
        builder.Append("## Accuracy against coverage and popularity\n\n");
        builder.Append(CultureInfo.InvariantCulture,
            $"Up and to the right on the first chart: accurate lists that use more of the catalogue. Up and to the left on the second: ");
        builder.Append(CultureInfo.InvariantCulture,
            $"accurate lists that do not lean on the hits ({popularity} is the mean share of train listeners who played a recommended track).\n\n");
        builder.Append(CultureInfo.InvariantCulture, $"![{accuracy} against {coverage}]({ArtifactFiles.AccuracyCoverageChart})\n\n");
        if (result.Models.Any(m => m.Values.Any(v => v.Name == popularity)))
        {
            builder.Append(CultureInfo.InvariantCulture, $"![{accuracy} against {popularity}]({ArtifactFiles.AccuracyPopularityChart})\n\n");
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"This protocol reports no {popularity}; the standard protocol's report draws accuracy against it.\n\n");
        }
        if (report.Activity is { } activity)
        {
            Activity(builder, activity);
        }

        if (report.AlsLoss is { } loss)
        {
            Loss(builder, loss);
        }

        builder.Append("## Models\n\n");
        foreach (var note in report.Notes)
        {
            builder.Append("- **").Append(note.Model).Append("**: ").Append(note.Text).Append('\n');
        }

        if (seedProtocol)
        {
            builder.Append("\n## The seed's numbers (docs/seed.md §5.7)\n\n");
            builder.Append(SeedReference.Markdown).Append('\n');
        }

        return builder.ToString();
    }
}
