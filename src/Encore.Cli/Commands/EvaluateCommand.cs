using System.CommandLine;
using System.Globalization;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Reports;
using Encore.Core.Models.Similar;

namespace Encore.Cli.Commands;

/// <summary>
/// <c>encore evaluate</c>: scores the baselines and the trained artifacts, writes metrics.json and models.md with its
/// charts into report/&lt;protocol&gt;/ beside the artifacts (or under <c>--report</c>), as <c>encore pipeline</c> does;
/// with <c>--protocol replay</c>, replays the test listens through the serving strategies instead and writes the
/// replay section of report/replay/metrics.json and replay.md.
/// </summary>
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
            Description = "Artifacts directory (top_popular, personal_als, similar[, recommendations].parquet).",
            Required = true,
        };
        var report = new Option<string?>("--report")
        {
            Description = "Report root: metrics.json and the reports go to <root>/<protocol>/ (default: report/ beside the artifacts " +
                "directory, as encore pipeline lays it out).",
        };
        var protocol = new Option<string>("--protocol")
        {
            Description = "seed: the seed's evaluation, quirks included; standard: Encore's (docs/metrics.md); " +
                "replay: the test listens replayed through what the service serves (adds metrics.json's replay section).",
            DefaultValueFactory = _ => EvaluateOptions.StandardProtocolName,
        };
        protocol.AcceptOnlyFromAmong(EvaluateOptions.SeedProtocolName, EvaluateOptions.StandardProtocolName, ReplayProtocolName);
        var k = new Option<string>("--k") { Description = "Cut-offs, comma-separated.", DefaultValueFactory = _ => "5,10" };
        var models = new Option<string?>("--models")
        {
            Description = $"Models to evaluate, comma-separated, from {string.Join(", ", EvaluatedModels.All)} (default: all whose artifact exists).",
        };
        var seed = new Option<int>("--seed") { Description = "Random seed of the random baseline.", DefaultValueFactory = _ => 42 };
        var historyLength = new Option<int>("--history-length")
        {
            Description = "Recent train listens that similar_to_history starts from.",
            DefaultValueFactory = _ => SimilarToHistory.DefaultHistoryLength,
        };
        var merge = OptionChoice.Create("--merge", "How similar_to_history combines an item suggested by several listens: max or sum.", SimilarMerge.Max);

        var replayDefaults = new ReplayOptions();
        var users = new Option<int?>("--users") { Description = "replay: a seeded sample (--seed) of this many warm test listeners (default: all)." };
        var checkpoints = new Option<int>("--checkpoints")
        {
            Description = "replay: the last checkpoint c (listens replayed before a list is asked for).",
            DefaultValueFactory = _ => replayDefaults.Checkpoints,
        };
        var storedEvents = new Option<int>("--stored-events")
        {
            Description = "replay: N, the newest listens the events store keeps (the service's Events:Capacity).",
            DefaultValueFactory = _ => replayDefaults.StoredEvents,
        };
        var target = new Option<int>("--target")
        {
            Description = "replay: T, the next tracks new to the listener that a list is scored against.",
            DefaultValueFactory = _ => replayDefaults.Target,
        };
        var threads = new Option<int>("--threads")
        {
            Description = "replay: worker threads (0 = all cores); the numbers do not depend on it.",
            DefaultValueFactory = _ => 0,
        };

        var command = new Command("evaluate", "Score random, top-popular, ALS, similar-to-history and ranker recommendations on the test period " +
            "(the pipeline's evaluate step alone; flags as in docs/encore.json).")
        {
            data, artifacts, report, protocol, k, models, seed, historyLength, merge, users, checkpoints, storedEvents, target, threads,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            if (parse.GetValue(protocol) == ReplayProtocolName)
            {
                var replay = new ReplayOptions
                {
                    K = ParseKs(parse.GetValue(k)!),
                    Users = parse.GetValue(users),
                    Seed = parse.GetValue(seed),
                    Checkpoints = parse.GetValue(checkpoints),
                    StoredEvents = parse.GetValue(storedEvents),
                    Target = parse.GetValue(target),
                    Threads = parse.GetValue(threads),
                    Merge = parse.Value<SimilarMerge>(merge),
                };
                replay.Validate();
                RunReplay(cli, parse.GetValue(data)!, parse.GetValue(artifacts)!, parse.GetValue(report), replay);
                return CommandRunner.Ok;
            }

            foreach (var replayOnly in new Option[] { users, checkpoints, storedEvents, target, threads })
            {
                if (parse.GetResult(replayOnly) is { Implicit: false })
                {
                    throw new EncoreException($"{replayOnly.Name}: applies to --protocol {ReplayProtocolName} only.");
                }
            }

            var options = new EvaluateOptions
            {
                Protocol = parse.GetValue(protocol)!,
                K = ParseKs(parse.GetValue(k)!),
                Models = ParseList(parse.GetValue(models)),
                Seed = parse.GetValue(seed),
                HistoryLength = parse.GetValue(historyLength),
                Merge = parse.Value<SimilarMerge>(merge),
            };
            options.Validate();
            Run(cli, parse.GetValue(data)!, parse.GetValue(artifacts)!, parse.GetValue(report), options);
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>The <c>--protocol</c> value of the replay evaluation.</summary>
    public const string ReplayProtocolName = "replay";

    /// <summary>Replays, prints the summary table and where the outputs went.</summary>
    public static ReplayRunReport RunReplay(CliContext cli, string dataDir, string artifactsDir, string? reportRoot, ReplayOptions options)
    {
        var report = cli.WithProgress(progress => ReplayRun.Run(dataDir, artifactsDir, reportRoot, options, progress, cli.CancellationToken));
        var result = report.Result;
        cli.Output.WriteLine();
        cli.Output.WriteLine(
            $"Replayed {result.Listeners:N0} listeners, {result.Cases:N0} checkpoints with a target ({result.CasesAfterFirstListen:N0} with c >= 1) " +
            $"in {report.ReplayTime.TotalSeconds:F1} s (loading {report.LoadTime.TotalSeconds:F1} s). Means over c >= 1:");
        cli.Output.WriteLine();
        cli.Output.WriteLine($"| strategy | {string.Join(" | ", result.Metrics)} |");
        cli.Output.WriteLine($"|---|{string.Concat(result.Metrics.Select(_ => "---|"))}");
        foreach (var strategy in result.Strategies)
        {
            cli.Output.WriteLine(
                $"| {strategy.Strategy} | {string.Join(" | ", strategy.Means.Select(v => v.ToString("0.000000", CultureInfo.InvariantCulture)))} |");
        }

        cli.Output.WriteLine();
        var folder = ReportLocation.ProtocolDirectory(Path.GetFullPath(reportRoot ?? ReportLocation.DefaultRoot(artifactsDir)), ReplayRun.Section);
        cli.Output.WriteLine(
            $"Wrote the {ReplayResultJson.Section} section of {Path.Combine(folder, ArtifactFiles.Metrics)} and " +
            $"{Path.Combine(folder, ReplayReport.Markdown)}.");
        return report;
    }

    /// <summary>Evaluates, prints the table and notes; shared with <c>demo</c>.</summary>
    public static OfflineEvaluationReport Run(CliContext cli, string dataDir, string artifactsDir, string? reportRoot, EvaluateOptions options)
    {
        var report = cli.WithProgress(progress =>
            OfflineEvaluation.Run(dataDir, artifactsDir, reportRoot, options, progress, cli.CancellationToken));

        cli.Output.WriteLine();
        cli.Output.Write(EvaluationResultMarkdown.ToMarkdown(report.Result));
        cli.Output.WriteLine();
        foreach (var note in report.Notes)
        {
            cli.Output.WriteLine($"{note.Model}: {note.Text}");
        }

        var folder = ReportLocation.ProtocolDirectory(Path.GetFullPath(reportRoot ?? ReportLocation.DefaultRoot(artifactsDir)), report.Result.Protocol);
        cli.Output.WriteLine(
            $"Wrote {Path.Combine(folder, ArtifactFiles.Metrics)} and {Path.Combine(folder, ArtifactFiles.ModelsReport)}.");
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
