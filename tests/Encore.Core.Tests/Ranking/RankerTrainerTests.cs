using Encore.Core.Artifacts;
using Encore.Core.Data;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Generation;
using Encore.Core.Models.Als;
using Encore.Core.Ranking;
using Encore.Core.Training;

namespace Encore.Core.Tests.Ranking;

/// <summary><see cref="RankerTrainer.Train(string, string, RankerOptions, IProgress{ProgressUpdate}?, CancellationToken)"/> end to end on small generated data, after a tiny ALS train step.</summary>
public sealed class RankerTrainerTests(RankerTrainerTests.TrainedData trained) : IClassFixture<RankerTrainerTests.TrainedData>
{
    /// <summary>Generated, prepared and trained once (4 factors, 3 iterations) for the tests of this class.</summary>
    public sealed class TrainedData : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public TrainedData()
        {
            DataGenerator.Generate(new GeneratorOptions { Users = 800, Tracks = 900, Seed = 11, Threads = 2 }, _directory.Combine("raw"));
            Preprocessor.Prepare(_directory.Combine("raw"), Data, new PrepareOptions { Threads = 2, WriteReport = false });
            Trainer.Train(Data, Artifacts, new TrainOptions { Als = TrainOptions.SeedAls with { Factors = 4, Iterations = 3, Threads = 2 } });
        }

        public string Data => _directory.Combine("data");

        public string Artifacts => _directory.Combine("artifacts");

        /// <summary>A copy of train's artifacts to run the ranker in.</summary>
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

    private static readonly RankerOptions Options = new()
    {
        Model = new() { Objective = Encore.Core.Ranking.LightGbm.RankerObjective.LambdaRank, Trees = 20, Threads = 1 },
    };

    [Fact]
    public void WritesFiftyRankedUnheardTracksPerTrainUserAndAddsItsFilesToTheManifest()
    {
        using var dir = new TempDirectory();
        var artifacts = trained.CopyArtifacts(dir);

        var summary = RankerTrainer.Train(trained.Data, artifacts, Options, cancellationToken: TestContext.Current.CancellationToken);

        using var db = new DuckDbSession();
        var file = $"read_parquet({Sql.Literal(Path.Combine(artifacts, ArtifactFiles.Recommendations))})";
        var events = $"read_parquet({Sql.Literal(Path.Combine(trained.Data, FileNames.Events))})";
        var split = $"started_at < TIMESTAMP '{Manifest.Read(Path.Combine(artifacts, ArtifactFiles.Manifest)).SplitDate:yyyy-MM-dd}'";
        Assert.Equal(
            "user_id INTEGER, item_id INTEGER, score DOUBLE, rank INTEGER",
            string.Join(", ", db.Query($"DESCRIBE SELECT * FROM {file}", r => $"{r.GetString(0)} {r.GetString(1)}")));
        Assert.Equal(db.Scalar<long>($"SELECT count(DISTINCT user_id) FROM {events} WHERE {split}"), db.Scalar<long>($"SELECT count(DISTINCT user_id) FROM {file}"));
        Assert.Equal(summary.Users, db.Scalar<long>($"SELECT count(DISTINCT user_id) FROM {file}"));
        Assert.Equal(50L, db.Scalar<long>($"SELECT max(rank) FROM {file}"));
        Assert.Equal(summary.Rows, db.Scalar<long>($"SELECT count(*) FROM {file}"));
        // Ranks run 1..n in score order, and no list holds a track its user heard in train.
        Assert.Equal(0L, db.Scalar<long>($"""
            SELECT count(*) FROM (SELECT rank, row_number() OVER (PARTITION BY user_id ORDER BY score DESC, item_id) AS r FROM {file}) WHERE rank <> r
            """));
        Assert.Equal(0L, db.Scalar<long>($"SELECT count(*) FROM {file} f JOIN (SELECT DISTINCT user_id, item_id FROM {events} WHERE {split}) h USING (user_id, item_id)"));

        Assert.True(summary.TrainRows > 0 && summary.TrainPositives > 0 && summary.Recall.All is > 0 and <= 1);
        Assert.True(summary.Recall.All >= summary.Recall.Of("als"));
        var manifest = Manifest.Read(Path.Combine(artifacts, ArtifactFiles.Manifest));
        Assert.Equal(
            [ArtifactFiles.TopPopular, ArtifactFiles.PersonalAls, ArtifactFiles.Similar, ArtifactFiles.AlsModel,
             ArtifactFiles.AlsUserFactors, ArtifactFiles.AlsItemFactors, ArtifactFiles.Catalog, ArtifactFiles.Recommendations, ArtifactFiles.RankerModel,
             ArtifactFiles.RankerJson, ArtifactFiles.LiveModel, ArtifactFiles.LiveRankerJson],
            manifest.Artifacts.Select(a => a.File));
        Assert.Equal(summary.Rows, manifest.Artifacts.Single(a => a.File == ArtifactFiles.Recommendations).Rows);
        var written = RankerJson.Read(Path.Combine(artifacts, ArtifactFiles.RankerJson)).Recall;
        Assert.Equal(summary.Recall.NewListens, written.NewListens);
        Assert.Equal(summary.Recall.All, written.All, 1e-6);
        Assert.Empty(Directory.GetDirectories(artifacts, ".staging-*"));
    }

    [Fact]
    public void TheSameDataAndSeedGiveByteIdenticalRecommendations()
    {
        using var dir = new TempDirectory();
        using var again = new TempDirectory();
        var first = trained.CopyArtifacts(dir);
        var second = trained.CopyArtifacts(again);

        RankerTrainer.Train(trained.Data, first, Options, cancellationToken: TestContext.Current.CancellationToken);
        RankerTrainer.Train(trained.Data, second, Options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(first, ArtifactFiles.Recommendations)), File.ReadAllBytes(Path.Combine(second, ArtifactFiles.Recommendations)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, ArtifactFiles.RankerModel)), File.ReadAllBytes(Path.Combine(second, ArtifactFiles.RankerModel)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, ArtifactFiles.LiveModel)), File.ReadAllBytes(Path.Combine(second, ArtifactFiles.LiveModel)));
    }

    [Fact]
    public void WithoutTheLiveRankerTheSetHoldsNoLiveFilesNotEvenAnEarlierRunsAndTheBatchListsAreUnchanged()
    {
        using var dir = new TempDirectory();
        using var again = new TempDirectory();
        var withLive = trained.CopyArtifacts(dir);
        var without = trained.CopyArtifacts(again);
        RankerTrainer.Train(trained.Data, withLive, Options, cancellationToken: TestContext.Current.CancellationToken);
        RankerTrainer.Train(trained.Data, without, Options, cancellationToken: TestContext.Current.CancellationToken);

        // A second run without it must not leave the first run's live model beside a batch model it was not trained with.
        RankerTrainer.Train(trained.Data, without, Options with { Live = false }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(File.Exists(Path.Combine(without, ArtifactFiles.LiveModel)));
        Assert.False(File.Exists(Path.Combine(without, ArtifactFiles.LiveRankerJson)));
        Assert.DoesNotContain(
            Manifest.Read(Path.Combine(without, ArtifactFiles.Manifest)).Artifacts, a => a.File is ArtifactFiles.LiveModel or ArtifactFiles.LiveRankerJson);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(withLive, ArtifactFiles.Recommendations)), File.ReadAllBytes(Path.Combine(without, ArtifactFiles.Recommendations)));
    }

    [Fact]
    public void FeatureColumnsFollowRankAsNullableFloatsAndLeaveTheListsUnchanged()
    {
        using var dir = new TempDirectory();
        using var again = new TempDirectory();
        var plain = trained.CopyArtifacts(dir);
        var detailed = trained.CopyArtifacts(again);

        RankerTrainer.Train(trained.Data, plain, Options, cancellationToken: TestContext.Current.CancellationToken);
        RankerTrainer.Train(trained.Data, detailed, Options with { FeatureColumns = true }, cancellationToken: TestContext.Current.CancellationToken);

        using var db = new DuckDbSession();
        var withFeatures = $"read_parquet({Sql.Literal(Path.Combine(detailed, ArtifactFiles.Recommendations))})";
        var without = $"read_parquet({Sql.Literal(Path.Combine(plain, ArtifactFiles.Recommendations))})";
        Assert.Equal(
            ["user_id INTEGER", "item_id INTEGER", "score DOUBLE", "rank INTEGER", .. RankerFeatures.All.Select(name => $"{name} FLOAT")],
            db.Query($"DESCRIBE SELECT * FROM {withFeatures}", r => $"{r.GetString(0)} {r.GetString(1)}"));
        var lists = "SELECT user_id, item_id, score, rank FROM ";
        Assert.Equal(db.Scalar<long>($"SELECT count(*) FROM {without}"), db.Scalar<long>($"SELECT count(*) FROM {withFeatures}"));
        Assert.Equal(0L, db.Scalar<long>($"SELECT count(*) FROM ({lists}{without} EXCEPT {lists}{withFeatures})"));
        // Every candidate has a popularity; only candidates the similar-tracks source proposed have a similar score.
        Assert.Equal(0L, db.Scalar<long>($"SELECT count(*) FROM {withFeatures} WHERE {RankerFeatures.ItemPlays} IS NULL"));
        Assert.True(db.Scalar<long>($"SELECT count(*) FROM {withFeatures} WHERE similar_score IS NULL") > 0);
        Assert.Equal(0L, db.Scalar<long>($"SELECT count(*) FROM {withFeatures} WHERE isnan(als_score)"));
    }

    [Fact]
    public void WithAShortlistEveryWrittenTrackHasItsFullScoreAndEachListIsRankedByThem()
    {
        using var dir = new TempDirectory();
        using var again = new TempDirectory();
        var full = trained.CopyArtifacts(dir);
        var shortlisted = trained.CopyArtifacts(again);
        // Every candidate (at most 100 + 30 + 20 per user) written with its full score, to look the shortlisted lists up in.
        RankerTrainer.Train(
            trained.Data, full, Options with { Live = false, Shortlist = 0, Recommendations = 150 }, cancellationToken: TestContext.Current.CancellationToken);
        RankerTrainer.Train(
            trained.Data, shortlisted, Options with { Live = false, Shortlist = 120, ShortlistTrees = 1 }, cancellationToken: TestContext.Current.CancellationToken);

        using var db = new DuckDbSession();
        var all = $"read_parquet({Sql.Literal(Path.Combine(full, ArtifactFiles.Recommendations))})";
        var lists = $"read_parquet({Sql.Literal(Path.Combine(shortlisted, ArtifactFiles.Recommendations))})";
        Assert.Equal(db.Scalar<long>($"SELECT count(DISTINCT user_id) FROM {all}"), db.Scalar<long>($"SELECT count(DISTINCT user_id) FROM {lists}"));
        Assert.Equal(0L, db.Scalar<long>($"SELECT count(*) FROM {lists} s LEFT JOIN {all} f USING (user_id, item_id) WHERE f.score IS DISTINCT FROM s.score"));
        Assert.Equal(0L, db.Scalar<long>($"""
            SELECT count(*) FROM (SELECT rank, row_number() OVER (PARTITION BY user_id ORDER BY score DESC, item_id) AS r FROM {lists}) WHERE rank <> r
            """));
        // A user with no more candidates than the shortlist gets full scoring's list; some longer lists lost a track to it.
        var top50 = $"(SELECT * FROM {all} WHERE rank <= 50)";
        var small = $"(SELECT user_id FROM {all} GROUP BY user_id HAVING count(*) <= 120)";
        Assert.True(db.Scalar<long>($"SELECT count(*) FROM {small}") > 0);
        Assert.Equal(0L, db.Scalar<long>($"""
            SELECT count(*) FROM ((SELECT user_id, item_id, rank FROM {top50} WHERE user_id IN {small}
                EXCEPT SELECT user_id, item_id, rank FROM {lists} WHERE user_id IN {small})
              UNION ALL (SELECT user_id, item_id, rank FROM {lists} WHERE user_id IN {small}
                EXCEPT SELECT user_id, item_id, rank FROM {top50} WHERE user_id IN {small}))
            """));
        Assert.True(db.Scalar<long>($"SELECT count(*) FROM (SELECT user_id, item_id FROM {top50} EXCEPT SELECT user_id, item_id FROM {lists})") > 0);
    }

    [Fact]
    public void AShortlistShorterThanTheListIsNamed()
    {
        var error = Assert.Throws<EncoreException>(() => (Options with { Shortlist = 49 }).Validate());

        Assert.Contains("'shortlist'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'recommendations'", error.Message, StringComparison.Ordinal);
        (Options with { Shortlist = 0 }).Validate();
        Assert.Contains("'shortlist_trees'", Assert.Throws<EncoreException>(() => (Options with { ShortlistTrees = 0 }).Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTrainsArtifactsItAsksForTrainAndWritesNothing()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<EncoreException>(() => RankerTrainer.Train(trained.Data, dir.Path, Options, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(ArtifactFiles.AlsModel, error.Message, StringComparison.Ordinal);
        Assert.Contains("run train first", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void AnOutOfRangeOptionIsNamed()
    {
        var error = Assert.Throws<EncoreException>(() => (Options with { LabelWindowDays = 0 }).Validate());

        Assert.Contains("'label_window_days'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RankerJsonNamesEachGenreShareFeatureByItsGenreFromTheCatalogue()
    {
        using var dir = new TempDirectory();
        var artifacts = trained.CopyArtifacts(dir);

        RankerTrainer.Train(trained.Data, artifacts, Options, cancellationToken: TestContext.Current.CancellationToken);
        var labels = RankerJson.Read(Path.Combine(artifacts, ArtifactFiles.RankerJson)).Labels;

        // The most common genre by items, as the feature builder ranks them: count items per genre id over items.parquet.
        using var db = new DuckDbSession();
        var items = Path.Combine(trained.Data, "items.parquet").Replace("'", "''", StringComparison.Ordinal);
        var top = db.Scalar<string>($"""
            SELECT name FROM (SELECT unnest(genre_ids) AS id, unnest(genres) AS name FROM read_parquet('{items}'))
            GROUP BY id, name ORDER BY count(*) DESC, id LIMIT 1
            """);
        Assert.Equal($"listener's share of {top}", labels[RankerFeatures.GenreShare(0)]);
        Assert.Equal("listener's share of other genres", labels[RankerFeatures.GenreOthers]);
        Assert.DoesNotContain(labels.Values, label => label.Contains("genre_share_", StringComparison.Ordinal));
        Assert.Equal(
            $"listener's share of {top} (genre_share_1)",
            Encore.Core.Evaluation.Reports.RankerReport.Readable(RankerFeatures.GenreShare(0), labels));
    }

    [Fact]
    public void TrainRecordsOneLossPerIterationNonIncreasingOnlyWhenAskedAndChangesNoOtherArtifact()
    {
        using var dir = new TempDirectory();
        var withLoss = dir.Combine("with");
        var without = dir.Combine("without");
        var als = TrainOptions.SeedAls with { Factors = 4, Iterations = 4, Threads = 2, Solver = AlsSolverKind.Cholesky };

        Trainer.Train(trained.Data, withLoss, new TrainOptions { Als = als with { CalculateLoss = true } }, cancellationToken: TestContext.Current.CancellationToken);
        Trainer.Train(trained.Data, without, new TrainOptions { Als = als }, cancellationToken: TestContext.Current.CancellationToken);

        var losses = AlsLossFile.ReadIfExists(Path.Combine(withLoss, ArtifactFiles.AlsLoss));
        Assert.NotNull(losses);
        Assert.Equal(4, losses.Count);
        // Each half-iteration solves its rows exactly (Cholesky), so the objective cannot rise, up to rounding.
        for (var i = 1; i < losses.Count; i++)
        {
            Assert.True(losses[i] <= losses[i - 1] * (1 + 1e-6), $"loss rose at iteration {i + 1}: {losses[i - 1]} → {losses[i]}");
        }

        Assert.False(File.Exists(Path.Combine(without, ArtifactFiles.AlsLoss)));
        foreach (var file in new[] { ArtifactFiles.TopPopular, ArtifactFiles.PersonalAls, ArtifactFiles.Similar })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(without, file)), File.ReadAllBytes(Path.Combine(withLoss, file)));
        }

        Assert.Contains(Manifest.Read(Path.Combine(withLoss, ArtifactFiles.Manifest)).Artifacts, f => f.File == ArtifactFiles.AlsLoss);
    }
}
