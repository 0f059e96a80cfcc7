using System.CommandLine;
using System.Globalization;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Models.Similar;

namespace Encore.Cli.Commands;

/// <summary><c>encore evaluate</c>: scores the baselines and the trained artifacts, writes metrics.json and report/models.md.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "Prepared data directory (items.parquet, events.parquet, split.json).",
            Required = true,
        };
        var artifacts = new Option<string>("--artifacts")
        {
            Description = "Artifacts directory (top_popular, personal_als, similar[, recommendations].parquet); receives metrics.json and report/.",
            Required = true,
        };
        var protocol = new Option<string>("--protocol")
        {
            Description = "seed: the seed's evaluation, quirks included; standard: Encore's (docs/metrics.md).",
            DefaultValueFactory = _ => EvaluateOptions.StandardProtocolName,
        };
        protocol.AcceptOnlyFromAmong(EvaluateOptions.SeedProtocolName, EvaluateOptions.StandardProtocolName);
        var k = new Option<string>("--k") { Description = "Cut-offs, comma-separated.", DefaultValueFactory = _ => "5,10" };
        var models = new Option<string?>("--models")
        {
            Description = $"Models to evaluate, comma-separated, from {string.Join(", ", EvaluatedModels.All)} (default: all whose artifact exists).",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the random baseline.", DefaultValueFactory = _ => 42 };
        var history = new Option<int>("--history")
        {
            Description = "Recent train listens that seed similar_to_history.",
            DefaultValueFactory = _ => SimilarToHistory.DefaultHistoryLength,
        };
        var merge = new Option<SimilarMerge>("--merge")
        {
            Description = "How similar_to_history combines an item suggested by several listens: Max or Sum.",
            DefaultValueFactory = _ => SimilarMerge.Max,
        };

        var command = new Command("evaluate", "Score random, top-popular, ALS, similar-to-history and ranker recommendations on the test period.")
        {
            data, artifacts, protocol, k, models, seed, history, merge,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var options = new EvaluateOptions
            {
                Protocol = parse.GetValue(protocol)!,
                K = ParseKs(parse.GetValue(k)!),
                Models = ParseList(parse.GetValue(models)),
                Seed = parse.GetValue(seed),
                HistoryLength = parse.GetValue(history),
                Merge = parse.GetValue(merge),
            };
            options.Validate();
            Run(cli, parse.GetValue(data)!, parse.GetValue(artifacts)!, options);
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>Evaluates, prints the table and notes; shared with <c>demo</c>.</summary>
    public static OfflineEvaluationReport Run(CliContext cli, string dataDir, string artifactsDir, EvaluateOptions options)
    {
        var report = cli.WithProgress(progress =>
            OfflineEvaluation.Run(dataDir, artifactsDir, options, progress, cli.CancellationToken));

        cli.Output.WriteLine();
        cli.Output.Write(EvaluationResultMarkdown.ToMarkdown(report.Result));
        cli.Output.WriteLine();
        foreach (var note in report.Notes)
        {
            cli.Output.WriteLine($"{note.Model}: {note.Text}");
        }

        cli.Output.WriteLine(
            $"Wrote {Path.Combine(Path.GetFullPath(artifactsDir), ArtifactFiles.Metrics)} and " +
            $"{Path.Combine(Path.GetFullPath(artifactsDir), FileNames.ReportDirectory, ArtifactFiles.ModelsReport)}.");
        return report;
    }

    /// <exception cref="EncoreException">A part is not a whole number from 1 to <see cref="EvaluateOptions.MaxK"/>.</exception>
    internal static int[] ParseKs(string text)
    {
        var ks = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value is < 1 or > EvaluateOptions.MaxK)
            {
                throw new EncoreException($"--k: '{part}' is not a whole number from 1 to {EvaluateOptions.MaxK:N0}; give cut-offs like 5,10.");
            }

            ks.Add(value);
        }

        return ks.Count > 0 ? [.. ks] : throw new EncoreException("--k: give at least one cut-off, e.g. 5,10.");
    }

    private static string[]? ParseList(string? text) =>
        text is null ? null : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
