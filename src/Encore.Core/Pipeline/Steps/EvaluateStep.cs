using System.Text;
using System.Text.Json.Nodes;
using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Reports;
using Encore.Core.IO;

namespace Encore.Core.Pipeline.Steps;

/// <summary>
/// data/ + artifacts/ → report/&lt;protocol&gt;/: metrics.json, models.md and its charts (and ranker.md with
/// ranker_importance.png when the ranker ran) for each configured protocol, through <see cref="ProtocolReport"/>
/// (as <c>encore evaluate</c> writes them) and
/// through <see cref="OfflineEvaluation.Evaluate"/>. The data is read once for all protocols, and the reports of all
/// protocols are committed together. With <c>replay</c> set, the replay evaluation runs once and each such protocol's
/// metrics.json gets its section, and its folder replay.md and replay.png.
/// </summary>
public sealed class EvaluateStep(IReadOnlyList<EvaluateOptions> evaluations) : IPipelineStep
{
    /// <summary>
    /// The artifacts an evaluation scores when they exist; the ranker's list is optional. ranker.json is read for the
    /// report but not fingerprinted: its timings differ on every ranker run, the rest only when recommendations.parquet does.
    /// </summary>
    private static readonly string[] s_scored =
        [ArtifactFiles.TopPopular, ArtifactFiles.PersonalAls, ArtifactFiles.Similar, ArtifactFiles.Recommendations, ArtifactFiles.AlsLoss];


    public string Name => "evaluate";

    public JsonNode Parameters { get; } = new JsonArray([.. evaluations.Select(e => (JsonNode)ConfigJson.ToNode(e))]);

    public IReadOnlyList<StepFile> Inputs(PipelineLayout layout)
    {
        var inputs = new List<StepFile>(PreparedData.Files(layout));
        foreach (var file in s_scored)
        {
            var artifact = layout.Output(PipelineLayout.ArtifactsFolder, file);
            if (File.Exists(artifact.Path))
            {
                inputs.Add(artifact);
            }
        }

        return inputs;
    }

    public IReadOnlyList<StepFile> Outputs(PipelineLayout layout)
    {
        var outputs = new List<StepFile>();
        foreach (var evaluation in evaluations)
        {
            outputs.AddRange(ProtocolReport.AlwaysWritten.Select(file => layout.Output(ReportLocation.Folder, evaluation.Protocol, file)));
            if (evaluation.Protocol == EvaluateOptions.StandardProtocolName)
            {
                outputs.Add(layout.Output(ReportLocation.Folder, evaluation.Protocol, ArtifactFiles.ActivityChart));
            }

            if (File.Exists(layout.Output(PipelineLayout.ArtifactsFolder, ArtifactFiles.AlsLoss).Path))
            {
                outputs.Add(layout.Output(ReportLocation.Folder, evaluation.Protocol, ArtifactFiles.AlsLossChart));
            }
            if (evaluation.Replay)
            {
                outputs.Add(layout.Output(ReportLocation.Folder, evaluation.Protocol, ReplayReport.Markdown));
                outputs.Add(layout.Output(ReportLocation.Folder, evaluation.Protocol, ReplayReport.Chart));
            }

            if (WritesRankerReport(layout, evaluation))
            {
                outputs.Add(layout.Output(ReportLocation.Folder, evaluation.Protocol, ArtifactFiles.RankerReport));
                outputs.Add(layout.Output(ReportLocation.Folder, evaluation.Protocol, ArtifactFiles.RankerImportanceChart));
            }
        }

        return outputs;
    }

    private static bool WritesRankerReport(PipelineLayout layout, EvaluateOptions evaluation) =>
        (evaluation.Models is null || evaluation.Models.Contains(EvaluatedModels.Ranker))
        && File.Exists(layout.Output(PipelineLayout.ArtifactsFolder, ArtifactFiles.Recommendations).Path)
        && File.Exists(layout.Output(PipelineLayout.ArtifactsFolder, ArtifactFiles.RankerJson).Path);

    public StepResult Run(PipelineLayout layout, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        progress.Report(new ProgressUpdate("read data", 0, 0));
        var inputs = EvaluationInputs.Load(layout.Data, cancellationToken);
        var reports = new List<OfflineEvaluationReport>(evaluations.Count);
        foreach (var options in evaluations)
        {
            reports.Add(OfflineEvaluation.Evaluate(inputs, layout.Artifacts, options, progress, cancellationToken));
        }

        var replayed = evaluations.FirstOrDefault(e => e.Replay);
        var replay = replayed is null
            ? null
            : ReplayRun.Evaluate(inputs, layout.Artifacts, new ReplayOptions { K = replayed.K, Seed = replayed.Seed }, progress, cancellationToken).Result;

        using var output = StagedOutput.Create(layout.Report);
        var summary = new StringBuilder();
        for (var i = 0; i < reports.Count; i++)
        {
            var report = reports[i];
            var protocol = report.Result.Protocol;
            ProtocolReport.Write(report, evaluations[i].Replay ? replay : null, layout.Artifacts, output.PathFor(protocol));
            summary.Append("protocol ").Append(protocol).Append(":\n").Append(EvaluationResultMarkdown.ToMarkdown(report.Result));
        }

        output.Commit();
        return new StepResult(summary.ToString().TrimEnd());
    }
}
