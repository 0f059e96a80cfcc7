using System.Text.Json.Nodes;
using Encore.Core.Artifacts;
using Encore.Core.Artifacts.Store;
using Encore.Core.Config;

namespace Encore.Core.Pipeline.Steps;

/// <summary>
/// artifacts/ → <c>publish.to</c> (s3://bucket/prefix or a directory) through <see cref="ArtifactStore.PublishAsync"/>:
/// every file manifest.json lists, verified, then the manifest. It owns no local files, so it is skipped exactly when
/// the same artifacts were already published to the same place.
/// </summary>
public sealed class PublishStep(PublishOptions options) : IPipelineStep
{
    private readonly ArtifactLocation _location =
        options.Location ?? throw new ArgumentException("The publish step needs a destination.", nameof(options));

    public string Name => "publish";

    public JsonNode Parameters { get; } = ConfigJson.ToNode(options);

    public IReadOnlyList<StepFile> Inputs(PipelineLayout layout)
    {
        var manifest = layout.Output(PipelineLayout.ArtifactsFolder, ArtifactFiles.Manifest);
        if (!File.Exists(manifest.Path))
        {
            return [manifest];
        }

        // Whatever the earlier steps listed (the ranker adds its files), so a changed artifact publishes again.
        return
        [
            .. Manifest.Read(manifest.Path).Artifacts.Select(file => layout.Output(PipelineLayout.ArtifactsFolder, file.File)),
            manifest,
        ];
    }

    public IReadOnlyList<StepFile> Outputs(PipelineLayout layout) => [];

    public StepResult Run(PipelineLayout layout, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        var transfer = ArtifactStore.PublishAsync(layout.Artifacts, _location, options.S3, progress, cancellationToken)
            .GetAwaiter().GetResult();
        return new StepResult(
            $"{transfer.Copied.Count} files ({transfer.BytesCopied / 1e6:N1} MB) and manifest.json to {_location}; " +
            $"{transfer.Unchanged.Count} already there unchanged");
    }
}
