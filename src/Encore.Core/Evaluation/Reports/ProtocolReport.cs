using System.Text;
using Encore.Core.Artifacts;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Evaluation.Replay;

namespace Encore.Core.Evaluation.Reports;

/// <summary>
/// Every file of one protocol's report folder (<see cref="ReportLocation"/>): metrics.json (with the replay section
/// when a replay ran), models.md and its charts, ranker.md when the ranker was scored, replay.md when a replay ran.
/// <c>encore evaluate</c> and the pipeline's evaluate step both write through here, so the two give the same folder.
/// </summary>
public static class ProtocolReport
{
    /// <summary>The files <see cref="Write"/> always writes, relative to the protocol folder.</summary>
    public static IReadOnlyList<string> AlwaysWritten { get; } =
    [
        ArtifactFiles.Metrics, ArtifactFiles.ModelsReport, ArtifactFiles.ModelsChart, ArtifactFiles.MetricCurvesChart,
        ArtifactFiles.AccuracyCoverageChart, ArtifactFiles.AccuracyPopularityChart,
    ];

    /// <summary>Writes the folder's files into <paramref name="protocolDirectory"/> (a staging path; the caller commits).</summary>
    /// <exception cref="EncoreException">An input is malformed or the directory cannot be written.</exception>
    public static void Write(OfflineEvaluationReport report, ReplayResult? replay, string artifactsDirectory, string protocolDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(protocolDirectory);
        var metrics = Path.Combine(protocolDirectory, ArtifactFiles.Metrics);
        if (replay is not null)
        {
            File.WriteAllText(metrics, ReplayResultJson.Merge(EvaluationResultJson.ToJson(report.Result), replay), new UTF8Encoding(false));
            ReplayReport.Write(replay, protocolDirectory);
        }
        else
        {
            EvaluationResultJson.WriteFile(report.Result, metrics);
        }

        ModelsReport.Write(report, protocolDirectory);
        RankerReport.Write(report, artifactsDirectory, protocolDirectory);
    }
}
