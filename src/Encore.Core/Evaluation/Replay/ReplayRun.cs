using System.Diagnostics;
using Encore.Core.Artifacts;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Evaluation.Reports;
using Encore.Core.IO;
using Encore.Core.Ranking.Live;
using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay;

/// <summary>A finished replay, how long the replay itself took, and how long loading its inputs took.</summary>
public sealed record ReplayRunReport(ReplayResult Result, TimeSpan ReplayTime, TimeSpan LoadTime);

/// <summary>
/// <c>encore evaluate --protocol replay</c>: loads the prepared data and the serving set of an artifacts directory,
/// replays, and writes the <c>replay</c> section of report/replay/metrics.json (other sections kept) and replay.md +
/// replay.png beside it (all or nothing).
/// </summary>
public static class ReplayRun
{
    /// <summary>The report folder of <c>encore evaluate --protocol replay</c>: report/replay/.</summary>
    public const string Section = "replay";

    /// <exception cref="EncoreException">Bad options, or a missing or malformed input (the message names it).</exception>
    public static ReplayRunReport Run(
        string dataDirectory,
        string artifactsDirectory,
        string? reportRoot,
        ReplayOptions options,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifactsDirectory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        progress ??= NullProgress.Instance;
        var clock = Stopwatch.StartNew();
        progress.Report(new ProgressUpdate("read data", 0, 0));
        var inputs = EvaluationInputs.Load(dataDirectory, cancellationToken);
        var dataTime = clock.Elapsed;
        var report = Evaluate(inputs, artifactsDirectory, options, progress, cancellationToken);
        report = report with { LoadTime = report.LoadTime + dataTime };

        // Reports land where every evaluation's do (ReportLocation): report/replay/ beside the artifacts by default.
        using var output = StagedOutput.Create(ReportLocation.ProtocolDirectory(reportRoot ?? ReportLocation.DefaultRoot(artifactsDirectory), Section));
        var metrics = Path.Combine(output.TargetDirectory, ArtifactFiles.Metrics);
        ReplayResultJson.MergeInto(output.PathFor(ArtifactFiles.Metrics), report.Result, metrics);
        ReplayReport.Write(report.Result, Path.GetDirectoryName(output.PathFor(ReplayReport.Markdown))!);
        output.Commit();
        return report;
    }

    /// <summary>Replays <paramref name="inputs"/> through the serving set of <paramref name="artifactsDirectory"/>; writes nothing.</summary>
    /// <exception cref="EncoreException">The artifacts directory lacks top_popular, similar or a personal list file.</exception>
    /// <remarks>
    /// The <c>foldin</c> strategy runs when the directory holds als_model.bin, <c>live</c> when it also holds
    /// live_model.bin (and its live_ranker.json).
    /// </remarks>
    public static ReplayRunReport Evaluate(
        EvaluationInputs inputs,
        string artifactsDirectory,
        ReplayOptions options,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        progress ??= NullProgress.Instance;
        progress.Report(new ProgressUpdate("read serving set", 0, 0));
        var set = ServingSetLoader.Load(artifactsDirectory, itemsPath: null, ServingParts.Recommendations | ServingParts.Similar, cancellationToken);
        progress.Report(new ProgressUpdate("read ALS model", 0, 0));
        var foldIn = FoldInRecommender.Load(artifactsDirectory);
        var als = foldIn is null ? null : new ReplayAls(foldIn.FoldIn, foldIn.Users, foldIn.Items);
        progress.Report(new ProgressUpdate("read live ranker", 0, 0));
        var live = foldIn is null ? null : LiveRecommender.Load(artifactsDirectory, set, foldIn, cancellationToken);
        var loaded = clock.Elapsed;
        var serving = new ServingRecommender(set, options.Serving);
        var result = ReplayEvaluation.Evaluate(
            inputs.TestEvents, inputs.Data.Train, set, ReplayStrategies.Create(serving, als, live), options, progress, cancellationToken);
        return new ReplayRunReport(result, clock.Elapsed - loaded, loaded);
    }
}
