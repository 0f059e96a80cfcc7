using System.Globalization;
using System.Text;
using Encore.Core.Artifacts;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Evaluation.Reports.Charts;

namespace Encore.Core.Evaluation.Reports;

/// <summary>
/// report/models.md and report/models.png of the artifacts directory: the metrics table of one evaluation,
/// a note on how each model's lists were made, the seed's numbers for a seed-protocol run, and a bar chart.
/// </summary>
public static class ModelsReport
{
    /// <summary>Writes models.md and models.png into <paramref name="reportDirectory"/>, creating it if needed.</summary>
    /// <exception cref="EncoreException">The directory or a file in it cannot be written.</exception>
    public static void Write(OfflineEvaluationReport report, string reportDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reportDirectory);
        try
        {
            Directory.CreateDirectory(reportDirectory);
            ModelComparisonChart.Save(report.Result, Path.Combine(reportDirectory, ArtifactFiles.ModelsChart));
            File.WriteAllText(Path.Combine(reportDirectory, ArtifactFiles.ModelsReport), Markdown(report), new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Report directory '{reportDirectory}' cannot be written: {e.Message}", e);
        }
    }

    /// <summary>The text of models.md.</summary>
    public static string Markdown(OfflineEvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var result = report.Result;
        var seed = result.Protocol == EvaluateOptions.SeedProtocolName;
        var builder = new StringBuilder();
        builder.Append("# Model evaluation\n\n");
        builder.Append(CultureInfo.InvariantCulture,
            $"Protocol **{result.Protocol}**: {(seed ? "the seed's evaluation, quirks included (seed-spec §5.1–5.6)" : "Encore's evaluation (docs/metrics.md)")}. ");
        builder.Append(CultureInfo.InvariantCulture,
            $"Train = listens before {report.SplitDate:yyyy-MM-dd}, test = from that day on. k = {string.Join(", ", result.K)}.\n\n");
        var metrics = ModelComparisonChart.Metrics(result);
        builder.Append(CultureInfo.InvariantCulture,
            $"![{string.Join(", ", metrics)} per model]({ArtifactFiles.ModelsChart})\n\n");
        builder.Append("## Metrics\n\n");
        builder.Append(EvaluationResultMarkdown.ToMarkdown(result));
        builder.Append("\nDefinitions: docs/metrics.md. NaN means undefined (e.g. a mean over no users), not 0.\n\n");
        builder.Append("## Models\n\n");
        foreach (var note in report.Notes)
        {
            builder.Append("- **").Append(note.Model).Append("**: ").Append(note.Text).Append('\n');
        }

        if (seed)
        {
            builder.Append("\n## The seed's numbers (seed-spec §5.7)\n\n");
            builder.Append(SeedReference.Markdown).Append('\n');
        }

        return builder.ToString();
    }
}
