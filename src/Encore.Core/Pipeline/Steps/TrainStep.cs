using System.Text.Json;
using System.Text.Json.Nodes;
using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Training;

namespace Encore.Core.Pipeline.Steps;

/// <summary>
/// data/ → artifacts/: top-popular, ALS, similar tracks, the catalogue, manifest.json (and als_loss.json with
/// calculate_loss, fit_part_als.bin with warm_start_iterations) through <see cref="Trainer.Train"/>.
/// </summary>
/// <remarks>
/// manifest.json is written here but not checked as an output: the ranker step adds its files to it, and the
/// train step must not rerun because of that. Nor is als_candidates.bin (the ranker's ALS candidates, kept from
/// personal_als's search): the ranker's output is the same bit for bit with or without it, so it is no step's output
/// or input, and the ranker's als_candidates is not a train parameter (changing it does not refit ALS; a ranker asking
/// for longer lists than the file holds searches itself).
/// </remarks>
public sealed class TrainStep(TrainOptions options) : IPipelineStep
{
    private static readonly string[] s_artifacts =
        [ArtifactFiles.TopPopular, ArtifactFiles.PersonalAls, ArtifactFiles.Similar, ArtifactFiles.AlsModel,
         ArtifactFiles.AlsUserFactors, ArtifactFiles.AlsItemFactors, ArtifactFiles.Catalog];

    public string Name => "train";

    public JsonNode Parameters { get; } = ParametersOf(options);

    public IReadOnlyList<StepFile> Inputs(PipelineLayout layout) => PreparedData.Files(layout);

    public IReadOnlyList<StepFile> Outputs(PipelineLayout layout) =>
    [
        .. s_artifacts.Select(file => layout.Output(PipelineLayout.ArtifactsFolder, file)),
        .. options.Als.CalculateLoss ? [layout.Output(PipelineLayout.ArtifactsFolder, ArtifactFiles.AlsLoss)] : Array.Empty<StepFile>(),
        .. options.FitsRankerPart ? [layout.Output(PipelineLayout.ArtifactsFolder, ArtifactFiles.FitPartAls)] : Array.Empty<StepFile>(),
    ];

    // Off, warm_start_iterations is left out, so a run with it off records what runs before it existed did and is
    // not rerun for it. On, the ranker's label window shapes train's output: then it is a parameter too.
    private static JsonObject ParametersOf(TrainOptions options)
    {
        var node = ConfigJson.ToNode(options);
        var key = JsonNamingPolicy.SnakeCaseLower.ConvertName(nameof(TrainOptions.WarmStartIterations));
        if (options.WarmStartIterations == 0)
        {
            node.Remove(key);
        }
        else if (options.FitsRankerPart)
        {
            node["ranker_label_window_days"] = options.RankerLabelWindowDays;
        }

        return node;
    }

    public StepResult Run(PipelineLayout layout, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        var summary = Trainer.Train(layout.Data, layout.Artifacts, options, progress, cancellationToken);
        // The manifest already holds every artifact's SHA-256: no second pass over hundreds of MB.
        var hashes = summary.Manifest.Artifacts.ToDictionary(
            file => layout.Output(PipelineLayout.ArtifactsFolder, file.File).Name, file => file.Sha256, StringComparer.Ordinal);
        return new StepResult(
            $"{summary.TrainListens:N0} listens before {summary.SplitDate:yyyy-MM-dd}, {summary.Users:N0} users, {summary.Items:N0} items",
            hashes);
    }
}
