using System.Security.Cryptography;
using System.Text.Json;
using Encore.Core.Data.DuckDb;

namespace Encore.Cli.Tests;

/// <summary><c>encore train</c> end to end on a tiny generated and prepared data set.</summary>
public sealed class TrainCommandTests : IClassFixture<TrainCommandTests.PreparedData>
{
    private static readonly string[] s_modelFiles = ["top_popular.parquet", "personal_als.parquet", "similar.parquet", "als_model.bin",
         "als_user_factors.parquet", "als_item_factors.parquet"];

    private readonly PreparedData _data;

    public TrainCommandTests(PreparedData data) => _data = data;

    /// <summary>One generate + prepare shared by the tests of this class.</summary>
    public sealed class PreparedData : IDisposable
    {
        public PreparedData()
        {
            var (code, _, error) = CliHarness.Invoke("generate", "--out", _directory.Combine("raw"), "--users", "600", "--tracks", "900", "--seed", "3");
            Assert.True(code == 0, error);
            (code, _, error) = CliHarness.Invoke("prepare", "--raw", _directory.Combine("raw"), "--out", Path);
            Assert.True(code == 0, error);
        }

        private readonly TempDirectory _directory = new();

        public string Path => _directory.Combine("data");

        public void Dispose() => _directory.Dispose();
    }

    private static string[] Train(string data, string output, params string[] extra) =>
        ["train", "--data", data, "--out", output, "--factors", "8", "--iterations", "3", "--threads", "2", "--ranker-trees", "20", .. extra];

    [Fact]
    public void WritesEveryArtifactWithTheContractSchemaAndCounts()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = CliHarness.Invoke(Train(_data.Path, dir.Path));
        Assert.True(code == 0, error);
        Assert.Contains("Trained on", output, StringComparison.Ordinal);

        using var db = new DuckDbSession();
        string Source(string file) => $"read_parquet({Sql.Literal(dir.Combine(file))})";
        string Schema(string file) => string.Join(", ", db.Query($"DESCRIBE SELECT * FROM {Source(file)}", r => $"{r.GetString(0)} {r.GetString(1)}"));

        Assert.Equal(
            "rank INTEGER, item_id INTEGER, plays BIGINT, users BIGINT, name VARCHAR, genres VARCHAR[], artists VARCHAR[], albums VARCHAR[]",
            Schema("top_popular.parquet"));
        Assert.Equal("user_id INTEGER, item_id INTEGER, score DOUBLE, rank INTEGER", Schema("personal_als.parquet"));
        Assert.Equal("item_id_1 INTEGER, item_id_2 INTEGER, score DOUBLE, rank INTEGER", Schema("similar.parquet"));
        var factorColumns = string.Join(", ", Enumerable.Range(0, 8).Select(j => $"f{j} FLOAT"));
        Assert.Equal($"user_id INTEGER, {factorColumns}", Schema("als_user_factors.parquet"));
        Assert.Equal($"item_id INTEGER, {factorColumns}", Schema("als_item_factors.parquet"));

        var events = $"read_parquet({Sql.Literal(System.IO.Path.Combine(_data.Path, "events.parquet"))})";
        var split = $"started_at < TIMESTAMP '{SplitDate()}'";
        var warmUsers = db.Scalar<long>($"SELECT count(DISTINCT user_id) FROM {events} WHERE {split}");
        var trainItems = db.Scalar<long>($"SELECT count(DISTINCT item_id) FROM {events} WHERE {split}");
        Assert.Equal(100, db.Scalar<long>($"SELECT count(*) FROM {Source("top_popular.parquet")}"));
        Assert.Equal(50 * warmUsers, db.Scalar<long>($"SELECT count(*) FROM {Source("personal_als.parquet")}"));
        Assert.Equal(10 * trainItems, db.Scalar<long>($"SELECT count(*) FROM {Source("similar.parquet")}"));

        // Personal lists never hold a train item of that user; similar lists never the item itself or an unheard item.
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) FROM {Source("personal_als.parquet")} p SEMI JOIN (SELECT user_id, item_id FROM {events} WHERE {split}) e USING (user_id, item_id)"));
        Assert.Equal(0, db.Scalar<long>($"SELECT count(*) FROM {Source("similar.parquet")} WHERE item_id_1 = item_id_2"));
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) FROM {Source("similar.parquet")} s ANTI JOIN (SELECT DISTINCT item_id FROM {events} WHERE {split}) e ON e.item_id = s.item_id_2"));

        // Top-popular counts agree with a direct count over the train events.
        Assert.Equal(0, db.Scalar<long>(
            $"""
            SELECT count(*) FROM {Source("top_popular.parquet")} t
            JOIN (SELECT item_id, count(*) AS plays, count(DISTINCT user_id) AS users FROM {events} WHERE {split} GROUP BY item_id) c USING (item_id)
            WHERE t.plays <> c.plays OR t.users <> c.users
            """));

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(dir.Combine("manifest.json")));
        foreach (var artifact in manifest.RootElement.GetProperty("artifacts").EnumerateArray())
        {
            var file = dir.Combine(artifact.GetProperty("file").GetString()!);
            Assert.Equal(Sha256(file), artifact.GetProperty("sha256").GetString());
            Assert.Equal(new FileInfo(file).Length, artifact.GetProperty("bytes").GetInt64());
        }

        var inputs = manifest.RootElement.GetProperty("data").GetProperty("inputs").EnumerateArray().ToArray();
        Assert.Contains(inputs, i => i.GetProperty("file").GetString() == "events.parquet"
            && i.GetProperty("sha256").GetString() == Sha256(System.IO.Path.Combine(_data.Path, "events.parquet")));
        Assert.Equal(50 * warmUsers, manifest.RootElement.GetProperty("artifacts")[1].GetProperty("rows").GetInt64());
        Assert.Equal(8, manifest.RootElement.GetProperty("parameters").GetProperty("factors").GetInt32());
        Assert.True(File.Exists(dir.Combine("als_model.bin")));
        Assert.Empty(Directory.GetDirectories(dir.Path, ".staging-*"));
    }

    [Fact]
    public void TrainRunsTheRankerByDefaultAndEvaluateScoresIt()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = CliHarness.Invoke(Train(_data.Path, dir.Path));
        Assert.True(code == 0, error);
        Assert.Contains("Ranker: trained on", output, StringComparison.Ordinal);
        foreach (var file in new[] { "recommendations.parquet", "ranker_model.bin", "ranker.json" })
        {
            Assert.True(File.Exists(dir.Combine(file)), file);
        }

        (code, output, error) = CliHarness.Invoke("evaluate", "--data", _data.Path, "--artifacts", dir.Path, "--report", dir.Combine("report"));

        Assert.True(code == 0, error);
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(dir.Combine("report", "standard", "metrics.json")));
        var models = metrics.RootElement.GetProperty("models").EnumerateObject().Select(m => m.Name);
        Assert.Equal(["random", "top_popular", "als", "similar_to_history", "ranker"], models);
        Assert.True(metrics.RootElement.GetProperty("models").GetProperty("ranker").GetProperty("users").GetInt32() > 0);
        var report = File.ReadAllText(dir.Combine("report", "standard", "ranker.md"));
        Assert.Contains("## Candidate recall in the label window", report, StringComparison.Ordinal);
        Assert.Contains("listener's share of other genres (genre_others)", report, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("report", "standard", "ranker_importance.png")));
    }

    [Fact]
    public void NoRankerLeavesTheRankerOut()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = CliHarness.Invoke(Train(_data.Path, dir.Path, "--no-ranker"));

        Assert.True(code == 0, error);
        Assert.DoesNotContain("Ranker", output, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("recommendations.parquet")));
        Assert.False(File.Exists(dir.Combine("ranker.json")));
        Assert.DoesNotContain("ranker", File.ReadAllText(dir.Combine("manifest.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void WarmStartFitsTheRankersFitPartInTrainAndTheRankerLearnsTheSameModelFromIt()
    {
        using var warm = new TempDirectory();
        using var cold = new TempDirectory();
        using var alone = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke(Train(_data.Path, warm.Path, "--warm-start-iterations", "2"));
        Assert.True(code == 0, error);
        (code, _, error) = CliHarness.Invoke(Train(_data.Path, cold.Path, "--warm-start-iterations", "0"));
        Assert.True(code == 0, error);
        (code, _, error) = CliHarness.Invoke(Train(_data.Path, alone.Path, "--warm-start-iterations", "2", "--no-ranker"));
        Assert.True(code == 0, error);

        Assert.True(File.Exists(warm.Combine("fit_part_als.bin")));
        Assert.False(File.Exists(cold.Combine("fit_part_als.bin")));
        // Without a ranker there is no label window to cut a fit part by: a cold fit, as without the flag.
        Assert.False(File.Exists(alone.Combine("fit_part_als.bin")));
        Assert.Equal(File.ReadAllBytes(cold.Combine("ranker_model.bin")), File.ReadAllBytes(warm.Combine("ranker_model.bin")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(warm.Combine("manifest.json")));
        var parameters = manifest.RootElement.GetProperty("parameters");
        Assert.Equal(2, parameters.GetProperty("warm_start_iterations").GetInt32());
        Assert.Equal(14, parameters.GetProperty("fit_part_label_window_days").GetInt32());
        using var ranker = JsonDocument.Parse(File.ReadAllText(warm.Combine("ranker.json")));
        Assert.True(ranker.RootElement.GetProperty("timings_s").TryGetProperty("ranker_load_als", out _));
        Assert.False(ranker.RootElement.GetProperty("timings_s").TryGetProperty("ranker_fit_als", out _));
    }

    [Fact]
    public void ANegativeWarmStartExitsOneNamingIt()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke(Train(_data.Path, dir.Combine("out"), "--warm-start-iterations", "-1"));

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("warm_start_iterations", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("out", "manifest.json")));
    }

    [Fact]
    public void FlagsTakeEncoreJsonsSpellingsAndTheManifestAndRankerJsonRecordThem()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke(Train(
            _data.Path, dir.Path, "--confidence", "one_plus_alpha_times_value", "--values", "play_count", "--similar-search", "exact",
            "--recommendations", "7", "--no-filter-already-heard", "--ranker-objective", "binary", "--ranker-label-window-days", "10"));

        Assert.True(code == 0, error);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(dir.Combine("manifest.json")));
        var parameters = manifest.RootElement.GetProperty("parameters");
        Assert.Equal("one_plus_alpha_times_value", parameters.GetProperty("confidence").GetString());
        Assert.Equal("play_count", parameters.GetProperty("values").GetString());
        Assert.Equal("conjugate_gradient", parameters.GetProperty("solver").GetString());
        Assert.Equal("exact", parameters.GetProperty("similar_search").GetString());
        Assert.Equal(7, parameters.GetProperty("recommendations").GetInt32());
        Assert.False(parameters.GetProperty("filter_already_heard").GetBoolean());
        Assert.Equal("binary", parameters.GetProperty("ranker_objective").GetString());
        Assert.Equal(10, parameters.GetProperty("ranker_label_window_days").GetInt32());
        using var ranker = JsonDocument.Parse(File.ReadAllBytes(dir.Combine("ranker.json")));
        var options = ranker.RootElement.GetProperty("options");
        Assert.Equal("binary", options.GetProperty("model").GetProperty("objective").GetString());
        Assert.Equal(10, options.GetProperty("label_window_days").GetInt32());
    }

    [Theory]
    [InlineData("--confidence", "1+alpha")]
    [InlineData("--values", "plays")]
    [InlineData("--ranker-objective", "lambdarank")]
    public void OldValueSpellingsAreRefusedListingTodaysOnes(string option, string value)
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke(Train(_data.Path, dir.Combine("out"), option, value));

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains($"{option}: '{value}' is not one of", error, StringComparison.Ordinal);
        Assert.Contains("_", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoTrainsWriteIdenticalArtifacts()
    {
        using var dir = new TempDirectory();
        string[] Run(string name)
        {
            var (code, _, error) = CliHarness.Invoke(Train(_data.Path, dir.Combine(name), "--similar", "genre", "--values", "bm25"));
            Assert.True(code == 0, error);
            return s_modelFiles.Select(f => Sha256(dir.Combine(name, f))).ToArray();
        }

        Assert.Equal(Run("a"), Run("b"));
    }

    [Fact]
    public void MissingEventsExitsOneNamingTheFileAndWritesNothing()
    {
        using var dir = new TempDirectory();
        File.Copy(System.IO.Path.Combine(_data.Path, "items.parquet"), dir.Combine("items.parquet"));
        var (code, _, error) = CliHarness.Invoke(Train(dir.Path, dir.Combine("out")));

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("events.parquet", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("out")));
    }

    [Theory]
    [InlineData("--values", "tfidf")]
    [InlineData("--similar", "content")]
    [InlineData("--regularization", "-1")]
    [InlineData("--recommendations", "0")]
    [InlineData("--split-date", "16.12.2022")]
    [InlineData("--ranker-objective", "xgboost")]
    public void ABadParameterExitsOneNamingIt(string option, string value)
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke(Train(_data.Path, dir.Combine("out"), option, value));

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains(option.TrimStart('-'), error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("out", "manifest.json")));
    }

    [Fact]
    public void HelpStatesTheSeedDefaults()
    {
        var (_, output, _) = CliHarness.Invoke("train", "--help");
        Assert.Contains("seed: 50", output, StringComparison.Ordinal);
        Assert.Contains("seed: 0.05", output, StringComparison.Ordinal);
    }

    private string SplitDate()
    {
        using var split = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(_data.Path, "split.json")));
        return split.RootElement.GetProperty("split_date").GetString()!;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
