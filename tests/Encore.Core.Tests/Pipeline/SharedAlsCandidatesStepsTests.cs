using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Pipeline;

namespace Encore.Core.Tests.Pipeline;

/// <summary>
/// als_candidates.bin changes no step's fingerprint: the ranker's files are the same with or without it, so it is
/// no step's input or output, and the ranker's als_candidates is no train parameter (changing it refits no ALS).
/// </summary>
public sealed class SharedAlsCandidatesStepsTests
{
    private static readonly PipelineLayout Layout = new("/raw", "/out");

    [Fact]
    public void TheRankersAlsCandidatesAreNoTrainParameterAndTheListsNoStepsFile()
    {
        var usual = PipelineSteps.From(PipelineConfig.Load(null, []));
        var longer = PipelineSteps.From(PipelineConfig.Load(null, ["ranker.als_candidates=150"]));

        Assert.Equal(
            ConfigJson.Compact(usual.Single(step => step.Name == "train").Parameters),
            ConfigJson.Compact(longer.Single(step => step.Name == "train").Parameters));
        foreach (var step in longer)
        {
            Assert.DoesNotContain(step.Inputs(Layout).Concat(step.Outputs(Layout)), file => file.Name.EndsWith(ArtifactFiles.AlsCandidates, StringComparison.Ordinal));
        }
    }
}
