using System.Globalization;
using System.Text;
using Encore.Core.Artifacts;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Evaluation.Reports.Charts;
using Encore.Core.Ranking;
using Encore.Core.Ranking.Candidates;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Reports;

namespace Encore.Core.Evaluation.Reports;

/// <summary>
/// report/…/ranker.md and ranker_importance.png: the ranker's accuracy next to each of its candidate sources, how
/// many label-window listens the candidates held (from ranker.json), and which features the model used most.
/// </summary>
public static class RankerReport
{
    private static readonly string[] s_sources = [EvaluatedModels.Als, EvaluatedModels.SimilarToHistory, EvaluatedModels.TopPopular];
    private static readonly string[] s_metrics = ["precision", "recall", "ndcg"];

    /// <summary>
    /// Writes the report into <paramref name="reportDirectory"/> when the evaluation scored the ranker and
    /// <paramref name="artifactsDirectory"/> holds its ranker.json; otherwise writes nothing.
    /// </summary>
    /// <returns>Whether the report was written.</returns>
    /// <exception cref="EncoreException">ranker.json is malformed, or the directory cannot be written.</exception>
    public static bool Write(OfflineEvaluationReport report, string artifactsDirectory, string reportDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rankerJson = Path.Combine(artifactsDirectory, ArtifactFiles.RankerJson);
        if (!report.Result.Models.Any(m => m.Model == EvaluatedModels.Ranker) || !File.Exists(rankerJson))
        {
            return false;
        }

        var (recall, importance, labels) = RankerJson.Read(rankerJson);
        importance = [.. importance.Select(p => new KeyValuePair<string, double>(Readable(p.Key, labels), p.Value))];
        try
        {
            Directory.CreateDirectory(reportDirectory);
            FeatureImportanceChart.Save(
                [.. importance.Select(p => new FeatureImportance(p.Key, p.Value))], Path.Combine(reportDirectory, ArtifactFiles.RankerImportanceChart));
            File.WriteAllText(
                Path.Combine(reportDirectory, ArtifactFiles.RankerReport), Markdown(report, recall, importance), new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Report directory '{reportDirectory}' cannot be written: {e.Message}", e);
        }

        return true;
    }

    /// <summary>The text of ranker.md.</summary>
    public static string Markdown(OfflineEvaluationReport report, CandidateRecall recall, IReadOnlyList<KeyValuePair<string, double>> importance)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(recall);
        ArgumentNullException.ThrowIfNull(importance);
        var result = report.Result;
        var ranker = result[EvaluatedModels.Ranker];
        var sources = s_sources.Where(s => result.Models.Any(m => m.Model == s)).Select(s => result[s]).ToList();
        var builder = new StringBuilder();
        builder.Append("# Two-stage ranker\n\n");
        builder.Append(CultureInfo.InvariantCulture,
            $"Protocol **{result.Protocol}**, train = listens before {ReportFormat.Date(report.SplitDate)}. LightGBM reranks the candidates of ALS, ");
        builder.Append("similar-to-recent and top-popular with item- and user–track features; it learned from the last days before the split ");
        builder.Append("(the label window), with candidates and features from the days before them (ranker.json).\n\n");
        if (result.Protocol == EvaluateOptions.SeedProtocolName)
        {
            builder.Append("Under the seed protocol the ranker is measured as it was trained for the standard protocol: its candidates never ");
            builder.Append("include tracks the listener already heard, so the seed protocol's hits on re-listened tracks are out of its reach, ");
            builder.Append("and the comparison with the seed's numbers favours lists that repeat the history.\n\n");
        }

        builder.Append("## Ranker against its candidate sources\n\n");
        var table = new MarkdownTable(["metric", $">{EvaluatedModels.Ranker}", .. sources.Select(s => ">" + s.Model), ">ranker ÷ best source"]);
        foreach (var k in result.K)
        {
            foreach (var metric in s_metrics)
            {
                // The seed protocol has no NDCG: a metric shows only when the ranker has it.
                var name = $"{metric}@{k}";
                if (!Has(ranker, name))
                {
                    continue;
                }

                var values = sources.Select(s => Has(s, name) ? s[name] : double.NaN).ToArray();
                var best = values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
                table.Row([name, Value(ranker[name]), .. values.Select(Value), best > 0 ? Ratio(ranker[name] / best) : ReportFormat.NotAvailable]);
            }
        }

        table.WriteTo(builder);
        builder.Append("## Candidate recall in the label window\n\n");
        builder.Append(CultureInfo.InvariantCulture,
            $"Share of the {ReportFormat.Count(recall.NewListens)} label-window listens of tracks new to the listener that were candidates: ");
        builder.Append("the ceiling of what the ranker can put first.\n\n");
        var recallTable = new MarkdownTable("source", ">recall").Row("all sources", Value(recall.All));
        foreach (var (source, value) in recall.Sources)
        {
            recallTable.Row(CandidateSources.Default.FirstOrDefault(s => s.Name == source)?.Label ?? source, Value(value));
        }

        recallTable.WriteTo(builder);
        builder.Append("## Feature importance\n\n");
        builder.Append(CultureInfo.InvariantCulture, $"![Share of the total split gain per feature]({ArtifactFiles.RankerImportanceChart})\n\n");
        var total = importance.Sum(p => p.Value);
        var features = new MarkdownTable("feature", ">share of gain");
        foreach (var (feature, gain) in importance.Take(FeatureImportanceChart.DefaultTop))
        {
            features.Row(feature, total > 0 ? ReportFormat.Percent((long)Math.Round(gain * 1e4 / total), 10_000) : ReportFormat.NotAvailable);
        }

        features.WriteTo(builder);
        return builder.ToString();
    }

    /// <summary>"listener's share of rock (genre_share_1)": the readable name with the column name kept for lookup.</summary>
    internal static string Readable(string feature, IReadOnlyDictionary<string, string> labels) => RankerFeatures.Readable(feature, labels);

    private static bool Has(ModelScores scores, string metric) => scores.Values.Any(v => v.Name == metric);

    private static string Value(double value) =>
        double.IsFinite(value) ? value.ToString("0.000000", CultureInfo.InvariantCulture) : ReportFormat.NotAvailable;

    private static string Ratio(double value) =>
        double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) + "×" : ReportFormat.NotAvailable;
}
