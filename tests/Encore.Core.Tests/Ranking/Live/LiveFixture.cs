using Encore.Core.Data;
using Encore.Core.Data.Generation;
using Encore.Core.Ranking;
using Encore.Core.Ranking.Live;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Training;

namespace Encore.Core.Tests.Ranking.Live;

/// <summary>
/// Small generated data, prepared, trained (tiny ALS) and ranked with the live ranker once for the live tests:
/// 800 listeners, 900 tracks, 20-tree models on one thread.
/// </summary>
public sealed class LiveFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public LiveFixture()
    {
        DataGenerator.Generate(new GeneratorOptions { Users = 800, Tracks = 900, Seed = 11, Threads = 2 }, _directory.Combine("raw"));
        Preprocessor.Prepare(_directory.Combine("raw"), Data, new PrepareOptions { Threads = 2, WriteReport = false });
        Trainer.Train(Data, Artifacts, new TrainOptions { Als = TrainOptions.SeedAls with { Factors = 4, Iterations = 3, Threads = 2 } });
        RankerTrainer.Train(Data, Artifacts, Ranker, Live);
    }

    public static RankerOptions Ranker { get; } = new() { Model = new() { Objective = RankerObjective.LambdaRank, Trees = 20, Threads = 1 } };

    public static LiveOptions Live { get; } = new() { Model = new() { Objective = RankerObjective.LambdaRank, Trees = 20, Threads = 1 } };

    public string Data => _directory.Combine("data");

    public string Artifacts => _directory.Combine("artifacts");

    /// <summary>A copy of the trained set, to damage.</summary>
    public string CopyArtifacts(TempDirectory into)
    {
        var target = into.Combine("artifacts");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Artifacts))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    public void Dispose() => _directory.Dispose();
}
