using Encore.Core.Pipeline;
using Encore.Core.Ranking;
using Encore.Core.Training;

namespace Encore.Core.Tests.Training;

/// <summary>train.similar_probes and ranker.fit_part_similar_probes: how many clusters each track's fast similar search probes.</summary>
public sealed class SimilarProbesTests
{
    [Fact]
    public void TrainsSimilarProbesReachTheFastSearchAndDefaultToFortyEight()
    {
        Assert.Equal(48, Trainer.AlsSimilarity(new TrainOptions()).Probes);
        Assert.Equal(7, Trainer.AlsSimilarity(new TrainOptions { SimilarProbes = 7 }).Probes);
    }

    [Fact]
    public void TheFitPartSearchesLikeTrainByDefaultOrWithTheRankersOwnProbes()
    {
        var train = new TrainOptions { SimilarProbes = 40 };

        Assert.Equal(40, RankerTrainer.FitPartSearch(train, new RankerOptions()).SimilarProbes);
        Assert.Equal(40, RankerTrainer.FitPartSearch(train, new RankerOptions { FitPartSimilarProbes = 0 }).SimilarProbes);
        Assert.Equal(train with { SimilarProbes = 9 }, RankerTrainer.FitPartSearch(train, new RankerOptions { FitPartSimilarProbes = 9 }));
    }

    [Theory]
    [InlineData("train.similar_probes=0", "similar_probes")]
    [InlineData("ranker.fit_part_similar_probes=-1", "fit_part_similar_probes")]
    public void AProbeCountOutOfRangeIsRefusedWithItsKey(string setting, string key)
    {
        var error = Assert.Throws<EncoreException>(() => PipelineConfig.Load(null, [setting]));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
