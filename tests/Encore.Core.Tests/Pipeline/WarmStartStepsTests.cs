using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Pipeline;
using Encore.Core.Training;

namespace Encore.Core.Tests.Pipeline;

/// <summary>How train.warm_start_iterations shows in the train and ranker steps' parameters, outputs and inputs.</summary>
public sealed class WarmStartStepsTests
{
    private static readonly PipelineLayout Layout = new("/raw", "/out");

    [Fact]
    public void OffTheTrainStepRecordsExactlyTheParametersItHadBeforeTheOption()
    {
        var config = PipelineConfig.Load(null, ["train.warm_start_iterations=0"]);
        var train = PipelineSteps.From(config).Single(step => step.Name == "train");
        var ranker = PipelineSteps.From(config).Single(step => step.Name == "ranker");

        var expected = ConfigJson.ToNode(config.Train);
        expected.Remove("warm_start_iterations");
        Assert.Equal(ConfigJson.Compact(expected), ConfigJson.Compact(train.Parameters));
        Assert.DoesNotContain(train.Outputs(Layout), file => file.Name.EndsWith(ArtifactFiles.FitPartAls, StringComparison.Ordinal));
        Assert.DoesNotContain(ranker.Inputs(Layout), file => file.Name.EndsWith(ArtifactFiles.FitPartAls, StringComparison.Ordinal));
    }

    [Fact]
    public void OnTheRankersLabelWindowIsATrainParameterAndTheFitPartPassesFromTrainToRanker()
    {
        var config = PipelineConfig.Load(null, ["train.warm_start_iterations=10", "ranker.label_window_days=9"]);
        var steps = PipelineSteps.From(config);
        var train = steps.Single(step => step.Name == "train");
        var ranker = steps.Single(step => step.Name == "ranker");

        Assert.Equal(10, (int)train.Parameters["warm_start_iterations"]!);
        Assert.Equal(9, (int)train.Parameters["ranker_label_window_days"]!);
        Assert.Contains(train.Outputs(Layout), file => file.Name == $"artifacts/{ArtifactFiles.FitPartAls}");
        Assert.Contains(ranker.Inputs(Layout), file => file.Name == $"artifacts/{ArtifactFiles.FitPartAls}");
    }

    [Fact]
    public void ANegativeWarmStartIsRefusedWithItsKey()
    {
        var error = Assert.Throws<EncoreException>(() => PipelineConfig.Load(null, ["train.warm_start_iterations=-1"]));

        Assert.Contains("warm_start_iterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainWithoutARankerToFollowFitsNoFitPart()
    {
        Assert.False(new TrainOptions { WarmStartIterations = 10 }.FitsRankerPart);
        Assert.True(new TrainOptions { WarmStartIterations = 10, RankerLabelWindowDays = 14 }.FitsRankerPart);
    }
}
