namespace Encore.Core.Pipeline.Steps;

/// <summary>The files of data/ that the steps after prepare read.</summary>
internal static class PreparedData
{
    public static IReadOnlyList<StepFile> Files(PipelineLayout layout) =>
    [
        layout.Output(PipelineLayout.DataFolder, FileNames.Items),
        layout.Output(PipelineLayout.DataFolder, FileNames.Events),
        layout.Output(PipelineLayout.DataFolder, FileNames.Split),
    ];
}
