using Encore.Core.Evaluation.Reports;

namespace Encore.Core.Pipeline;

/// <summary>
/// Where <c>encore pipeline</c> reads and writes: raw files in; data/ (prepare's output and its report),
/// artifacts/ (what the service serves), report/ (evaluation), pipeline.json and the step states under .encore/.
/// </summary>
public sealed class PipelineLayout
{
    public const string DataFolder = "data";
    public const string ArtifactsFolder = "artifacts";
    public const string SummaryFile = "pipeline.json";

    /// <summary>Both directories are made absolute, so a step's records do not depend on the working directory.</summary>
    public PipelineLayout(string rawDirectory, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rawDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        RawDirectory = Path.GetFullPath(rawDirectory);
        OutputDirectory = Path.GetFullPath(outputDirectory);
    }

    public string RawDirectory { get; }

    public string OutputDirectory { get; }

    public string Data => Path.Combine(OutputDirectory, DataFolder);

    public string Artifacts => Path.Combine(OutputDirectory, ArtifactsFolder);

    public string Report => Path.Combine(OutputDirectory, ReportLocation.Folder);

    public string Summary => Path.Combine(OutputDirectory, SummaryFile);

    /// <summary>One small JSON file per step: its fingerprint, inputs, outputs and timings.</summary>
    public string States => Path.Combine(OutputDirectory, ".encore", "steps");

    /// <summary>A raw input, named <c>raw/&lt;file&gt;</c> in the records whatever the raw directory is.</summary>
    public StepFile Raw(string file) => new($"raw/{file}", Path.Combine(RawDirectory, file));

    /// <summary>A file under the output directory, named by its relative path with '/' separators.</summary>
    public StepFile Output(params string[] parts) => new(string.Join('/', parts), Path.Combine([OutputDirectory, .. parts]));
}
