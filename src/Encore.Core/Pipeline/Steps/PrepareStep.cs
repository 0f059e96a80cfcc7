using System.Text.Json.Nodes;
using Encore.Core.Config;
using Encore.Core.Data;
using Encore.Core.Data.Reports;

namespace Encore.Core.Pipeline.Steps;

/// <summary>raw/ → data/: <see cref="Preprocessor.Prepare"/> with its data report.</summary>
public sealed class PrepareStep(PrepareOptions options) : IPipelineStep
{
    public string Name => "prepare";

    public JsonNode Parameters { get; } = ConfigJson.ToNode(options);

    public IReadOnlyList<StepFile> Inputs(PipelineLayout layout) =>
        [layout.Raw(FileNames.Tracks), layout.Raw(FileNames.CatalogNames), layout.Raw(FileNames.Interactions)];

    public IReadOnlyList<StepFile> Outputs(PipelineLayout layout)
    {
        List<StepFile> outputs =
        [
            layout.Output(PipelineLayout.DataFolder, FileNames.Items),
            layout.Output(PipelineLayout.DataFolder, FileNames.Events),
            layout.Output(PipelineLayout.DataFolder, FileNames.GenresTable),
            layout.Output(PipelineLayout.DataFolder, FileNames.Split),
        ];
        if (options.WriteReport)
        {
            outputs.Add(layout.Output(PipelineLayout.DataFolder, FileNames.ReportDirectory, FileNames.DataReport));
            foreach (var chart in DataReport.ChartFiles)
            {
                outputs.Add(layout.Output(PipelineLayout.DataFolder, FileNames.ReportDirectory, chart));
            }
        }

        return outputs;
    }

    public StepResult Run(PipelineLayout layout, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        var split = Preprocessor.Prepare(layout.RawDirectory, layout.Data, options, progress, cancellationToken).Split;
        return new StepResult(
            $"train {split.TrainEvents:N0} listens of {split.TrainUsers:N0} users, test {split.TestEvents:N0} listens of " +
            $"{split.TestUsers:N0} users ({split.ColdUsers:N0} cold)");
    }
}
