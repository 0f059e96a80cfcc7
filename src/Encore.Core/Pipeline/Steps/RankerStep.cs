using System.Text.Json.Nodes;
using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Ranking;

namespace Encore.Core.Pipeline.Steps;

/// <summary>
/// data/ + train's artifacts → recommendations.parquet, ranker_model.bin and ranker.json through
/// <see cref="RankerTrainer.Train(string, string, RankerOptions, IProgress{ProgressUpdate}?, CancellationToken)"/>. A step of its own, so changing a ranker parameter does not retrain ALS.
/// </summary>
/// <remarks>
/// Every artifact of train is an input, not only als_model.bin, and manifest.json is an output: a train rerun rewrites
/// the manifest without the ranker's entries, which changes its size, so the ranker reruns and adds them back even
/// when train's artifacts came out the same.
/// </remarks>
public sealed class RankerStep(RankerOptions options) : IPipelineStep
{
    private static readonly string[] s_inputs =
        [ArtifactFiles.TopPopular, ArtifactFiles.PersonalAls, ArtifactFiles.Similar, ArtifactFiles.AlsModel,
         ArtifactFiles.AlsUserFactors, ArtifactFiles.AlsItemFactors];

    private static readonly string[] s_outputs =
        [ArtifactFiles.Recommendations, ArtifactFiles.RankerModel, ArtifactFiles.RankerJson, ArtifactFiles.Manifest];

    public string Name => "ranker";

    public JsonNode Parameters { get; } = ConfigJson.ToNode(options);

    public IReadOnlyList<StepFile> Inputs(PipelineLayout layout) =>
        [.. PreparedData.Files(layout), .. s_inputs.Select(file => layout.Output(PipelineLayout.ArtifactsFolder, file))];

    // The live ranker's files are written when its replayed rows hold a positive (not on a handful of listeners).
    private static readonly string[] s_liveOutputs = [ArtifactFiles.LiveModel, ArtifactFiles.LiveRankerJson];

    public IReadOnlyList<StepFile> Outputs(PipelineLayout layout) =>
        [.. s_outputs.Select(file => layout.Output(PipelineLayout.ArtifactsFolder, file)),
         .. s_liveOutputs.Select(file => layout.Output(PipelineLayout.ArtifactsFolder, file)).Where(file => File.Exists(file.Path))];

    public StepResult Run(PipelineLayout layout, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        var summary = RankerTrainer.Train(layout.Data, layout.Artifacts, options, progress, cancellationToken);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in summary.Files)
        {
            hashes[layout.Output(PipelineLayout.ArtifactsFolder, file.File).Name] = file.Sha256;
        }

        return new StepResult(
            $"{summary.TrainRows:N0} training rows of {summary.TrainUsers:N0} users, candidate recall {summary.Recall.All:P1} in the label window; " +
            $"{summary.Rows:N0} recommendations for {summary.Users:N0} users",
            hashes);
    }
}
