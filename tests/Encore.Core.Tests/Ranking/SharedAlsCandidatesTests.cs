using Encore.Core.Artifacts;
using Encore.Core.Data;
using Encore.Core.Data.Generation;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Ranking;
using Encore.Core.Training;

namespace Encore.Core.Tests.Ranking;

/// <summary>
/// als_candidates.bin: train keeps the ranker's ALS candidates from the search behind personal_als, and the ranker's
/// batch scoring reads them instead of searching the same model again, with every file unchanged.
/// </summary>
public sealed class SharedAlsCandidatesTests(SharedAlsCandidatesTests.TrainedData trained) : IClassFixture<SharedAlsCandidatesTests.TrainedData>
{
    /// <summary>Generated and prepared once, then trained twice: alone (Plain) and with the ranker's lists kept (Shared).</summary>
    public sealed class TrainedData : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public TrainedData()
        {
            DataGenerator.Generate(new GeneratorOptions { Users = 800, Tracks = 900, Seed = 7, Threads = 2 }, _directory.Combine("raw"));
            Preprocessor.Prepare(_directory.Combine("raw"), Data, new PrepareOptions { Threads = 2, WriteReport = false });
            Trainer.Train(Data, Plain, Options);
            Trainer.Train(Data, Shared, Options with { RankerAlsCandidates = Ranker.AlsCandidates });
        }

        public string Data => _directory.Combine("data");

        public string Plain => _directory.Combine("plain");

        public string Shared => _directory.Combine("shared");

        /// <summary>A copy of <paramref name="artifacts"/> to run the ranker in.</summary>
        public static string Copy(string artifacts, TempDirectory into)
        {
            var target = into.Combine(Path.GetFileName(artifacts));
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(artifacts))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }

            return target;
        }

        public void Dispose() => _directory.Dispose();
    }

    private static readonly TrainOptions Options = new() { Als = TrainOptions.SeedAls with { Factors = 8, Iterations = 3, Threads = 2 } };

    private static readonly RankerOptions Ranker = new()
    {
        Live = false,
        Model = new() { Objective = Encore.Core.Ranking.LightGbm.RankerObjective.LambdaRank, Trees = 10, Threads = 1 },
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private AlsRecommender Model => AlsModelFile.Load(Path.Combine(trained.Plain, ArtifactFiles.AlsModel)).Model;

    [Fact]
    public void RecommendAllAtTheRankersLengthEqualsTheRankersChunkedSearchAndPersonalAlsIsItsPrefix()
    {
        var model = Model;
        var users = model.UserFactors.Rows;
        var all = model.RecommendAll(100, cancellationToken: Token);
        var fifty = model.RecommendAll(50, cancellationToken: Token);

        // The ranker's chunks (contiguous, of any length) against one pass over every user.
        foreach (var chunk in new[] { RankerStage.ChunkUsers, 37 })
        {
            for (var start = 0; start < users; start += chunk)
            {
                var ids = Enumerable.Range(start, Math.Min(chunk, users - start)).ToArray();
                var part = model.RecommendUnheard(ids, 100);
                for (var i = 0; i < ids.Length; i++)
                {
                    AssertSameList(all, ids[i], part, i, 100);
                }
            }
        }

        for (var u = 0; u < users; u++)
        {
            AssertSameList(all, u, fifty, u, 50);
        }
    }

    [Fact]
    public void ListsReadFromTheFileEqualTheModelsSearchBitForBit()
    {
        using var dir = new TempDirectory();
        var model = Model;
        var path = dir.Combine(ArtifactFiles.AlsCandidates);
        AlsCandidatesFile.Write(path, model.RecommendAll(100, cancellationToken: Token), model);

        using var lists = AlsCandidatesFile.TryOpen(path, model, 100);

        Assert.NotNull(lists);
        var n = model.UserFactors.Rows;
        int[][] requests = [[.. Enumerable.Range(0, n)], [5, 3, n - 9, n - 8, n - 7, 0], [n - 1]];
        foreach (var users in requests)
        {
            foreach (var k in new[] { 100, 30, 1 })
            {
                var read = lists.RecommendUnheard(users, k);
                var searched = model.RecommendUnheard(users, k);
                for (var i = 0; i < users.Length; i++)
                {
                    AssertSameList(searched, i, read, i, k);
                }
            }
        }

        Assert.Equal(3 * (model.UserFactors.Rows + 7), lists.ListsRead);
    }

    [Fact]
    public void AFileOfAnotherModelOrOfShorterOrCutListsIsIgnored()
    {
        using var dir = new TempDirectory();
        var model = Model;
        var path = dir.Combine(ArtifactFiles.AlsCandidates);
        AlsCandidatesFile.Write(path, model.RecommendAll(100, cancellationToken: Token), model);
        var other = AlsModelFile.Load(Path.Combine(trained.Shared, ArtifactFiles.AlsModel)).Model;
        var reseeded = new AlsRecommender(model.Options with { Seed = 1 });
        reseeded.Fit(model.UserItems, cancellationToken: Token);

        // The same factors over another heard matrix: other lists, so another fingerprint.
        var heard = model.UserItems;
        var fewer = Encore.Core.Data.Interactions.SparseMatrix.FromTriplets(
            heard.Rows, heard.Columns, [0], [heard.RowIndices(0)[0]], [1f]);
        var otherHeard = AlsRecommender.FromFactors(model.Options, model.UserFactors, model.ItemFactors, fewer);

        using (var same = AlsCandidatesFile.TryOpen(path, other, 100))
        {
            // Train ran twice on the same data and options: the same model, so the lists stand.
            Assert.NotNull(same);
        }

        Assert.Null(AlsCandidatesFile.TryOpen(path, model, 101));
        Assert.Null(AlsCandidatesFile.TryOpen(path, reseeded, 100));
        Assert.Null(AlsCandidatesFile.TryOpen(path, otherHeard, 100));
        Assert.Null(AlsCandidatesFile.TryOpen(dir.Combine("absent.bin"), model, 100));
        var cut = dir.Combine("cut.bin");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(cut, bytes[..^4]);
        Assert.Null(AlsCandidatesFile.TryOpen(cut, model, 100));
        bytes[0] ^= 1;
        File.WriteAllBytes(cut, bytes);
        Assert.Null(AlsCandidatesFile.TryOpen(cut, model, 100));
    }

    [Fact]
    public void KeepingTheRankersListsLeavesEveryArtifactOfTrainByteIdentical()
    {
        var plain = Manifest.Read(Path.Combine(trained.Plain, ArtifactFiles.Manifest));
        var shared = Manifest.Read(Path.Combine(trained.Shared, ArtifactFiles.Manifest));

        Assert.Equal(plain.Artifacts.Select(f => (f.File, f.Sha256, f.Rows)), shared.Artifacts.Select(f => (f.File, f.Sha256, f.Rows)));
        Assert.Equal(plain.Parameters.Select(p => $"{p.Key}={p.Value}"), shared.Parameters.Select(p => $"{p.Key}={p.Value}"));
        Assert.Contains(plain.Artifacts, f => f.File == ArtifactFiles.PersonalAls);
        Assert.DoesNotContain(shared.Artifacts, f => f.File == ArtifactFiles.AlsCandidates);
        Assert.True(File.Exists(Path.Combine(trained.Shared, ArtifactFiles.AlsCandidates)));
        Assert.False(File.Exists(Path.Combine(trained.Plain, ArtifactFiles.AlsCandidates)));
    }

    [Fact]
    public void TheRankerWritesTheSameFilesFromTrainsListsAndDeletesThem()
    {
        using var dir = new TempDirectory();
        var plain = TrainedData.Copy(trained.Plain, dir);
        var shared = TrainedData.Copy(trained.Shared, dir);

        RankerTrainer.Train(trained.Data, plain, Ranker, cancellationToken: Token);
        RankerTrainer.Train(trained.Data, shared, Ranker, cancellationToken: Token);

        foreach (var file in new[] { ArtifactFiles.Recommendations, ArtifactFiles.RankerModel })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(plain, file)), File.ReadAllBytes(Path.Combine(shared, file)));
        }

        Assert.False(File.Exists(Path.Combine(shared, ArtifactFiles.AlsCandidates)));
        Assert.Equal(Directory.GetFiles(plain).Select(Path.GetFileName).Order(), Directory.GetFiles(shared).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void TheRankerScoresWithTheListsOfAFileThatMatchesItsModel()
    {
        // Lists with the right fingerprint but each one reversed: if the ranker reads them, its ALS ranks change.
        using var dir = new TempDirectory();
        var plain = TrainedData.Copy(trained.Plain, dir);
        var tampered = TrainedData.Copy(trained.Shared, dir);
        var model = AlsModelFile.Load(Path.Combine(tampered, ArtifactFiles.AlsModel)).Model;
        var lists = model.RecommendAll(100, cancellationToken: Token);
        for (var u = 0; u < lists.Rows; u++)
        {
            var n = lists.Count(u);
            lists.ItemSlot(u)[..n].Reverse();
            lists.ScoreSlot(u)[..n].Reverse();
        }

        AlsCandidatesFile.Write(Path.Combine(tampered, ArtifactFiles.AlsCandidates), lists, model);

        RankerTrainer.Train(trained.Data, plain, Ranker, cancellationToken: Token);
        RankerTrainer.Train(trained.Data, tampered, Ranker, cancellationToken: Token);

        Assert.NotEqual(
            File.ReadAllBytes(Path.Combine(plain, ArtifactFiles.Recommendations)), File.ReadAllBytes(Path.Combine(tampered, ArtifactFiles.Recommendations)));
        // Training rows come from the fit part's model, never from these lists.
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(plain, ArtifactFiles.RankerModel)), File.ReadAllBytes(Path.Combine(tampered, ArtifactFiles.RankerModel)));
    }

    [Fact]
    public void TrainKeepsNoListsWhenPersonalListsKeepHeardTracksOrNoRankerFollows()
    {
        Assert.Equal(100, (Options with { RankerAlsCandidates = 100 }).SharedAlsCandidates);
        Assert.Equal(50, (Options with { RankerAlsCandidates = 20 }).SharedAlsCandidates);
        Assert.Equal(0, (Options with { RankerAlsCandidates = 100, FilterAlreadyHeard = false }).SharedAlsCandidates);
        Assert.Equal(0, Options.SharedAlsCandidates);
    }

    [Fact]
    public void ATrainRunWithoutARankerDeletesAnEarlierRunsLists()
    {
        using var dir = new TempDirectory();
        var artifacts = TrainedData.Copy(trained.Shared, dir);

        Trainer.Train(trained.Data, artifacts, Options, cancellationToken: Token);

        Assert.False(File.Exists(Path.Combine(artifacts, ArtifactFiles.AlsCandidates)));
    }

    private static void AssertSameList(TopKBatch expected, int expectedRow, TopKBatch actual, int actualRow, int k)
    {
        var n = Math.Min(k, expected.Count(expectedRow));
        Assert.Equal(n, actual.Count(actualRow));
        Assert.Equal(expected.Items(expectedRow)[..n].ToArray(), actual.Items(actualRow).ToArray());
        Assert.Equal(
            expected.Scores(expectedRow)[..n].ToArray().Select(BitConverter.SingleToInt32Bits),
            actual.Scores(actualRow).ToArray().Select(BitConverter.SingleToInt32Bits));
    }
}
