using Encore.Core.Artifacts;
using Encore.Core.Data;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Generation;
using Encore.Core.Models.Als;
using Encore.Core.Ranking;
using Encore.Core.Training;

namespace Encore.Core.Tests.Ranking;

/// <summary>
/// train.warm_start_iterations: train fits ALS on the ranker's fit part once (fit_part_als.bin) and the ranker trains
/// on it instead of fitting its own; the all-data model starts from it.
/// </summary>
public sealed class RankerFitPartTests(RankerFitPartTests.PreparedData prepared) : IClassFixture<RankerFitPartTests.PreparedData>
{
    /// <summary>Generated and prepared once for the tests of this class.</summary>
    public sealed class PreparedData : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public PreparedData()
        {
            DataGenerator.Generate(new GeneratorOptions { Users = 800, Tracks = 900, Seed = 5, Threads = 2 }, _directory.Combine("raw"));
            Preprocessor.Prepare(_directory.Combine("raw"), Data, new PrepareOptions { Threads = 2, WriteReport = false });
        }

        public string Data => _directory.Combine("data");

        public void Dispose() => _directory.Dispose();
    }

    private static readonly RankerOptions Ranker = new()
    {
        Model = new() { Objective = Encore.Core.Ranking.LightGbm.RankerObjective.LambdaRank, Trees = 10, Threads = 1 },
    };

    private static readonly TrainOptions Cold = new() { Als = TrainOptions.SeedAls with { Factors = 4, Iterations = 4, Threads = 2 } };

    private static readonly TrainOptions Warm = Cold with { WarmStartIterations = 2, RankerLabelWindowDays = Ranker.LabelWindowDays };

    [Fact]
    public void WithTheFitPartFromTrainTheRankerFitsNoAlsAndLearnsTheSameModel()
    {
        using var cold = new TempDirectory();
        using var warm = new TempDirectory();

        var coldFits = Fits(() => Trainer.Train(prepared.Data, cold.Path, Cold, cancellationToken: TestContext.Current.CancellationToken));
        var coldRankerFits = Fits(() => RankerTrainer.Train(prepared.Data, cold.Path, Ranker, cancellationToken: TestContext.Current.CancellationToken));
        var warmFits = Fits(() => Trainer.Train(prepared.Data, warm.Path, Warm, cancellationToken: TestContext.Current.CancellationToken));
        var warmRankerFits = Fits(() => RankerTrainer.Train(prepared.Data, warm.Path, Ranker, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((1, 1), (coldFits, coldRankerFits));
        // The fit part and the all-data model in train, none in the ranker.
        Assert.Equal((2, 0), (warmFits, warmRankerFits));
        Assert.False(File.Exists(Path.Combine(cold.Path, ArtifactFiles.FitPartAls)));
        // Its training rows came from the same fit-part model as when it fitted it itself: the same LightGBM model.
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(cold.Path, ArtifactFiles.RankerModel)), File.ReadAllBytes(Path.Combine(warm.Path, ArtifactFiles.RankerModel)));
        // The served ALS differs: it was warm-started.
        Assert.NotEqual(
            File.ReadAllBytes(Path.Combine(cold.Path, ArtifactFiles.AlsModel)), File.ReadAllBytes(Path.Combine(warm.Path, ArtifactFiles.AlsModel)));
        var manifest = Manifest.Read(Path.Combine(warm.Path, ArtifactFiles.Manifest));
        Assert.Equal(14L, manifest.Parameter(RankerFitPart.LabelWindowParameter));
        Assert.DoesNotContain(manifest.Artifacts, file => file.File == ArtifactFiles.FitPartAls);
        Assert.Null(Manifest.Read(Path.Combine(cold.Path, ArtifactFiles.Manifest)).Parameter(RankerFitPart.LabelWindowParameter));
    }

    [Fact]
    public void ARankerWithAnotherLabelWindowFitsItsOwn()
    {
        using var warm = new TempDirectory();
        Trainer.Train(prepared.Data, warm.Path, Warm, cancellationToken: TestContext.Current.CancellationToken);

        var fits = Fits(
            () => RankerTrainer.Train(prepared.Data, warm.Path, Ranker with { LabelWindowDays = 7 }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, fits);
    }

    [Fact]
    public void AColdTrainAfterAWarmOneLeavesTheOldFitPartUnused()
    {
        using var dir = new TempDirectory();
        Trainer.Train(prepared.Data, dir.Path, Warm, cancellationToken: TestContext.Current.CancellationToken);
        Trainer.Train(prepared.Data, dir.Path, Cold, cancellationToken: TestContext.Current.CancellationToken);

        var fits = Fits(() => RankerTrainer.Train(prepared.Data, dir.Path, Ranker, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, fits);
    }

    [Fact]
    public void TheFitPartModelDoesNotDependOnLabelWindowListens()
    {
        using var altered = new TempDirectory();
        using var original = new TempDirectory();
        using var alteredOut = new TempDirectory();
        var data = altered.Combine("data");
        Directory.CreateDirectory(data);
        File.Copy(Path.Combine(prepared.Data, FileNames.Items), Path.Combine(data, FileNames.Items));
        File.Copy(Path.Combine(prepared.Data, FileNames.Split), Path.Combine(data, FileNames.Split));
        var windowStart = SplitJson.ReadSplitDate(Path.Combine(prepared.Data, FileNames.Split)).AddDays(-Ranker.LabelWindowDays);
        using (var db = new DuckDbSession())
        {
            // Every second user's label-window listens are dropped.
            db.Execute($"""
                COPY (SELECT * FROM read_parquet({Sql.Literal(Path.Combine(prepared.Data, FileNames.Events))})
                      WHERE NOT (started_at >= TIMESTAMP '{windowStart:yyyy-MM-dd}' AND user_id % 2 = 0))
                TO {Sql.Literal(Path.Combine(data, FileNames.Events))} (FORMAT parquet)
                """);
        }

        Trainer.Train(prepared.Data, original.Path, Warm, cancellationToken: TestContext.Current.CancellationToken);
        Trainer.Train(data, alteredOut.Path, Warm, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(original.Path, ArtifactFiles.FitPartAls)), File.ReadAllBytes(Path.Combine(alteredOut.Path, ArtifactFiles.FitPartAls)));
        Assert.NotEqual(
            File.ReadAllBytes(Path.Combine(original.Path, ArtifactFiles.AlsModel)), File.ReadAllBytes(Path.Combine(alteredOut.Path, ArtifactFiles.AlsModel)));
    }

    [Fact]
    public void ALabelWindowThatLeavesNothingToFitOnIsNamedBeforeAnyFit()
    {
        using var dir = new TempDirectory();
        var fits = 0;
        AlsRecommender.Fits = () => fits++;
        try
        {
            var error = Assert.Throws<EncoreException>(
                () => Trainer.Train(prepared.Data, dir.Path, Warm with { RankerLabelWindowDays = 3650 }, cancellationToken: TestContext.Current.CancellationToken));

            Assert.Contains("label_window_days", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, fits);
        }
        finally
        {
            AlsRecommender.Fits = null;
        }
    }

    /// <summary>ALS fits started while <paramref name="run"/> ran (this test's own: the hook flows with its context).</summary>
    private static int Fits(Action run)
    {
        var count = 0;
        AlsRecommender.Fits = () => count++;
        try
        {
            run();
        }
        finally
        {
            AlsRecommender.Fits = null;
        }

        return count;
    }
}
