using Encore.Core.Ranking;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Tests.Ranking.LightGbm;

public sealed class RankerModelTests
{
    [Theory]
    [InlineData(RankerObjective.Binary)]
    [InlineData(RankerObjective.LambdaRank)]
    public void TrainedModelRanksPlantedPositivesAboveNegativesOnUnseenRows(RankerObjective objective)
    {
        var model = RankerFixture.Train(RankerFixture.Planted(seed: 1), RankerFixture.Quick with { Objective = objective });
        var test = RankerFixture.Planted(seed: 2);

        var auc = RankerFixture.Auc(test.Labels, RankerFixture.Scores(model, test));

        Assert.True(auc > 0.9, $"AUC {auc:F3}");
        Assert.Equal(RankerFixture.Names, model.FeatureNames);
        Assert.Equal(RankerFixture.Quick.Trees, model.Trees);
    }

    [Theory]
    [InlineData(RankerObjective.Binary)]
    [InlineData(RankerObjective.LambdaRank)]
    public void ImportanceRanksThePlantedFeaturesFirst(RankerObjective objective)
    {
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick with { Objective = objective });

        var importance = model.Importance();

        Assert.Equal(RankerFixture.Names.Length, importance.Count);
        Assert.Equal(["signal_a", "signal_b"], importance.Take(2).Select(f => f.Feature).Order(StringComparer.Ordinal));
        Assert.True(importance[1].Gain > 5 * importance[2].Gain, string.Join(", ", importance));
        Assert.Equal(importance.OrderByDescending(f => f.Gain).Select(f => f.Gain), importance.Select(f => f.Gain));
    }

    [Theory]
    [InlineData(RankerObjective.Binary)]
    [InlineData(RankerObjective.LambdaRank)]
    public void FastScorerGivesMlNetTransformScoresIncludingMissingValues(RankerObjective objective)
    {
        var trained = LightGbmTraining.Fit(RankerFixture.Planted(), RankerFixture.Quick with { Objective = objective }, TestContext.Current.CancellationToken);
        // Odd row count (not a multiple of the 4-row lanes or the block) and 30 % missing values.
        var test = RankerFixture.Planted(users: 61, candidates: 17, seed: 3, missingRate: 0.3f);

        var reference = RankerFixture.ReferenceScores(trained, test);
        var fast = RankerFixture.Scores(trained.Model, test);

        Assert.Contains(fast, s => s != fast[0]);
        for (var i = 0; i < fast.Length; i++)
        {
            Assert.True(Math.Abs(fast[i] - reference[i]) <= 1e-5, $"row {i}: fast {fast[i]}, ML.NET {reference[i]}");
        }
    }

    [Theory]
    [InlineData(RankerObjective.Binary)]
    [InlineData(RankerObjective.LambdaRank)]
    public void TrainingTwiceGivesByteIdenticalModels(RankerObjective objective)
    {
        var options = RankerFixture.Quick with { Objective = objective };

        var first = RankerFixture.Train(RankerFixture.Planted(), options).ToBytes();
        var second = RankerFixture.Train(RankerFixture.Planted(), options).ToBytes();

        Assert.Equal(first, second);
    }

    [Fact]
    public void TrainingsStartedTogetherOnManyThreadsGiveTheModelsOfTrainingsAlone()
    {
        // Trainings overlapping on several threads, with different LightGBM thread counts, on mostly missing (so
        // sparse) features: native LightGBM keeps its thread count process-wide and sizes per-thread buffers by it,
        // so overlapping trainings crashed a test host (SIGSEGV in SparseBin::Push) before they were serialised.
        int[] threads = [1, 3];
        var table = RankerFixture.Planted(users: 400, missingRate: 0.9f);
        var alone = threads.Select(t => RankerFixture.Train(table, RankerFixture.Quick with { Threads = t }).ToBytes()).ToArray();

        var together = new byte[8][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = together.Length },
            i => together[i] = RankerFixture.Train(table, RankerFixture.Quick with { Threads = threads[i % threads.Length] }).ToBytes());

        for (var i = 0; i < together.Length; i++)
        {
            Assert.Equal(alone[i % threads.Length], together[i]);
        }
    }

    [Fact]
    public void AnotherSeedOrTableGivesAnotherModel()
    {
        var baseline = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick).ToBytes();

        Assert.NotEqual(baseline, RankerFixture.Train(RankerFixture.Planted(seed: 9), RankerFixture.Quick).ToBytes());
        Assert.NotEqual(baseline, RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick with { Trees = 39 }).ToBytes());
    }

    [Fact]
    public void SavedModelLoadsAndScoresIdentically()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("ranker.bin");
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick with { Objective = RankerObjective.LambdaRank });
        var test = RankerFixture.Planted(seed: 4, missingRate: 0.3f);

        model.Save(path);
        var loaded = RankerModel.Load(path);

        Assert.Equal(RankerFixture.Scores(model, test), RankerFixture.Scores(loaded, test));
        Assert.Equal(model.FeatureNames, loaded.FeatureNames);
        Assert.Equal(model.Options, loaded.Options);
        Assert.Equal(model.Importance(), loaded.Importance());
        Assert.Equal(File.ReadAllBytes(path), loaded.ToBytes());
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void SavedModelKeepsItsContributions()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("ranker.bin");
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick);
        var row = RankerFixture.Planted(users: 1, seed: 4).Row(0).ToArray();

        model.Save(path);
        var loaded = RankerModel.Load(path);

        Assert.Equal(RankerModel.FormatVersion, BitConverter.ToInt32(File.ReadAllBytes(path), 8));
        Assert.True(loaded.HasContributions);
        Assert.Equal(model.ExpectedScore, loaded.ExpectedScore);
        Assert.Equal(Contributions(model, row), Contributions(loaded, row));
    }

    [Fact]
    public void AFormatOneFileWithoutLeafCoversStillLoadsScoresAndSavesBackUnchanged()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("ranker.bin");
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick);
        var test = RankerFixture.Planted(seed: 4, missingRate: 0.3f);
        var formatOne = FormatOne(model);
        File.WriteAllBytes(path, formatOne);

        var loaded = RankerModel.Load(path);

        Assert.Equal(RankerFixture.Scores(model, test), RankerFixture.Scores(loaded, test));
        Assert.Equal(model.Importance(), loaded.Importance());
        Assert.False(loaded.HasContributions);
        Assert.True(double.IsNaN(loaded.ExpectedScore));
        Assert.Throws<InvalidOperationException>(() => Contributions(loaded, test.Row(0).ToArray()));
        Assert.Equal(formatOne, loaded.ToBytes());
    }

    /// <summary>The file the format-1 writer (before leaf covers) wrote for the same trees: the payload without its covers.</summary>
    private static byte[] FormatOne(RankerModel model)
    {
        const int header = 8 + sizeof(int) + sizeof(long);
        var bytes = model.ToBytes();
        var payload = bytes.AsSpan(header, bytes.Length - header - 32);
        var withoutCovers = payload[..^(model.Scorer.Leaves.Length * sizeof(double))];
        using var file = new MemoryStream();
        using (var writer = new BinaryWriter(file))
        {
            writer.Write("ENCORERK"u8);
            writer.Write(1);
            writer.Write((long)withoutCovers.Length);
            writer.Write(withoutCovers);
            writer.Write(System.Security.Cryptography.SHA256.HashData(withoutCovers));
        }

        return file.ToArray();
    }

    private static double[] Contributions(RankerModel model, float[] row)
    {
        var contributions = new double[row.Length];
        model.Contributions(row, contributions);
        return contributions;
    }

    [Fact]
    public void ScoreReadsFeaturesByNameWhateverTheTableColumnOrder()
    {
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick);
        var test = RankerFixture.Planted(seed: 5);
        string[] shuffled = ["extra", .. RankerFixture.Names.Reverse()];
        var reordered = new FeatureTable(shuffled, test.Rows);
        for (var r = 0; r < test.Rows; r++)
        {
            var row = reordered.AddRow(test.Group(r));
            for (var f = 0; f < RankerFixture.Names.Length; f++)
            {
                row[Array.IndexOf(shuffled, RankerFixture.Names[f])] = test.Row(r)[f];
            }

            row[0] = 1234f;
        }

        Assert.Equal(RankerFixture.Scores(model, test), RankerFixture.Scores(model, reordered));
    }

    [Fact]
    public void ScoreNamesTheFeaturesTheTableLacks()
    {
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick);
        var table = new FeatureTable(["signal_a", "noise_1", "noise_2", "noise_3", "noise_4"]);
        table.AddRow(0);

        var error = Assert.Throws<EncoreException>(() => model.Score(table, new float[1]));

        Assert.Contains("'signal_b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreRejectsAScoreBufferOfAnotherLength()
    {
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick);

        Assert.Throws<ArgumentException>(() => model.Score(RankerFixture.Planted(users: 2), new float[3]));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("garbage")]
    [InlineData("version")]
    public void LoadingADamagedFileFailsNamingTheFile(string damage)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("ranker.bin");
        var bytes = RankerFixture.Train(RankerFixture.Planted(users: 40), RankerFixture.Quick).ToBytes();
        switch (damage)
        {
            case "truncated":
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case "flipped":
                bytes[bytes.Length / 2] ^= 0x10;
                break;
            case "garbage":
                bytes = "not a model at all"u8.ToArray();
                break;
            default:
                bytes[8] = 99;
                break;
        }

        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<EncoreException>(() => RankerModel.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingAMissingFileFailsNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("absent.bin");

        var error = Assert.Throws<EncoreException>(() => RankerModel.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RankerObjective.Binary, 2f)]
    [InlineData(RankerObjective.Binary, float.NaN)]
    [InlineData(RankerObjective.LambdaRank, -1f)]
    [InlineData(RankerObjective.LambdaRank, 0.5f)]
    public void TrainingRejectsLabelsTheObjectiveCannotUse(RankerObjective objective, float label)
    {
        var table = RankerFixture.Planted(users: 10);
        table.SetLabel(7, label);

        var error = Assert.Throws<EncoreException>(() => RankerFixture.Train(table, RankerFixture.Quick with { Objective = objective }));

        Assert.Contains("row 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingRejectsAnEmptyTable() =>
        Assert.Throws<EncoreException>(() => RankerFixture.Train(new FeatureTable(RankerFixture.Names), RankerFixture.Quick));
}
