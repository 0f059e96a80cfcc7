using System.Text.Json;
using Encore.Core.Data.DuckDb;

namespace Encore.Cli.Tests;

public sealed class EvaluateCommandTests
{
    /// <summary>Two users, a test period and a personal_als file in which user 1's first item is a hit.</summary>
    private static (string Data, string Artifacts) WriteFixture(TempDirectory dir)
    {
        var data = dir.Combine("data");
        var artifacts = dir.Combine("artifacts");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(artifacts);
        using var session = new DuckDbSession();
        void Copy(string select, string path) => session.Execute($"COPY ({select}) TO {Sql.Literal(path)} (FORMAT parquet)");
        Copy("SELECT CAST(i AS INTEGER) AS item_id FROM range(1, 5) t(i)", Path.Combine(data, "items.parquet"));
        Copy("""
            SELECT * FROM (VALUES (1, 1, TIMESTAMP '2022-12-01'), (1, 2, TIMESTAMP '2022-12-20'),
                                  (2, 3, TIMESTAMP '2022-12-01'), (2, 4, TIMESTAMP '2022-12-20'))
            t(user_id, item_id, started_at)
            """, Path.Combine(data, "events.parquet"));
        File.WriteAllText(Path.Combine(data, "split.json"), "{\"split_date\": \"2022-12-16\"}\n");
        Copy("SELECT * FROM (VALUES (1, 2, 0.9::DOUBLE, 1), (2, 1, 0.8, 1)) t(user_id, item_id, score, rank)",
            Path.Combine(artifacts, "personal_als.parquet"));
        return (data, artifacts);
    }

    [Fact]
    public void EvaluatePrintsTheTableAndWritesMetricsAndReport()
    {
        using var dir = new TempDirectory();
        var (data, artifacts) = WriteFixture(dir);

        var (code, output, error) = CliHarness.Invoke("evaluate", "--data", data, "--artifacts", artifacts, "--k", "1", "--models", "random,als");

        Assert.True(code == 0, error);
        Assert.Contains("| precision@1 |", output, StringComparison.Ordinal);
        Assert.Contains("metrics.json", output, StringComparison.Ordinal);
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "report", "standard", "metrics.json"))).RootElement;
        Assert.Equal(0.5, json.GetProperty("models").GetProperty("als").GetProperty("precision@1").GetDouble(), 12);
        Assert.True(File.Exists(Path.Combine(dir.Path, "report", "standard", "models.md")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "report", "standard", "models_by_k.png")));
        Assert.False(File.Exists(Path.Combine(artifacts, "metrics.json")));
    }

    [Fact]
    public void EvaluateReadsWhatTrainWritesUnderBothProtocols()
    {
        using var dir = new TempDirectory();
        var (data, artifacts) = Trained(dir, "--ranker-trees", "20");

        foreach (var protocol in new[] { "seed", "standard" })
        {
            var (code, _, error) = CliHarness.Invoke("evaluate", "--data", data, "--artifacts", artifacts, "--protocol", protocol);
            Assert.True(code == 0, error);
            var models = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "report", protocol, "metrics.json"))).RootElement.GetProperty("models");
            Assert.Equal(["random", "top_popular", "als", "similar_to_history", "ranker"], models.EnumerateObject().Select(m => m.Name));
            Assert.All(models.EnumerateObject(), m => Assert.True(m.Value.GetProperty("users").GetInt32() > 0, m.Name));
            Assert.Contains($"Protocol **{protocol}**", File.ReadAllText(Path.Combine(dir.Path, "report", protocol, "ranker.md")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReplayAddsItsSectionToMetricsAndWritesTheReplayReport()
    {
        using var dir = new TempDirectory();
        var (data, artifacts) = Trained(dir, "--no-ranker");
        var (code, _, error) = CliHarness.Invoke("evaluate", "--data", data, "--artifacts", artifacts, "--models", "als");
        Assert.True(code == 0, error);

        (code, var output, error) = CliHarness.Invoke(
            "evaluate", "--data", data, "--artifacts", artifacts, "--protocol", "replay", "--k", "5,10", "--checkpoints", "5", "--threads", "2");

        Assert.True(code == 0, error);
        Assert.Contains("| seed_blend |", output, StringComparison.Ordinal);
        // Every evaluation's files land under report/<protocol>/ beside the artifacts: the replay in report/replay/.
        var standard = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "report", "standard", "metrics.json"))).RootElement;
        Assert.Equal(["als"], standard.GetProperty("models").EnumerateObject().Select(m => m.Name));
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "report", "replay", "metrics.json"))).RootElement;
        var replay = json.GetProperty("replay");
        Assert.True(replay.GetProperty("listeners").GetInt32() > 0);
        Assert.Equal(6, replay.GetProperty("cases_by_checkpoint").GetArrayLength());
        var strategies = replay.GetProperty("strategies");
        Assert.Equal(["popular", "offline", "online", "seed_online", "seed_blend", "blended", "foldin"], strategies.EnumerateObject().Select(s => s.Name));
        Assert.All(strategies.EnumerateObject(), s => Assert.Equal(6, s.Value.GetProperty("by_checkpoint").GetProperty("ndcg@10").GetArrayLength()));
        Assert.True(strategies.GetProperty("offline").GetProperty("hit_rate@10").GetDouble() > 0);
        var report = File.ReadAllText(Path.Combine(dir.Path, "report", "replay", "replay.md"));
        Assert.Contains("## blended by checkpoint", report, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(dir.Path, "report", "replay", "replay.png")).Length > 0);
    }

    [Fact]
    public void AReplayOptionWithAnotherProtocolExitsOneNamingIt()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke("evaluate", "--data", dir.Path, "--artifacts", dir.Path, "--users", "10");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("--users", error, StringComparison.Ordinal);
        Assert.Contains("replay", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayWithoutArtifactsExitsOneAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var artifacts = dir.Combine("artifacts");
        Directory.CreateDirectory(artifacts);
        var (code, _, error) = CliHarness.Invoke(
            "generate", "--out", dir.Combine("raw"), "--users", "200", "--tracks", "300", "--seed", "5");
        Assert.True(code == 0, error);
        (code, _, error) = CliHarness.Invoke("prepare", "--raw", dir.Combine("raw"), "--out", dir.Combine("data"));
        Assert.True(code == 0, error);

        (code, _, error) = CliHarness.Invoke("evaluate", "--data", dir.Combine("data"), "--artifacts", artifacts, "--protocol", "replay");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("artifacts", error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.EnumerateFileSystemEntries(artifacts));
    }

    [Theory]
    [InlineData("5,ten", "ten")]
    [InlineData("0", "'0'")]
    public void ACutOffThatIsNotAPositiveNumberExitsOneNamingTheParameter(string ks, string named)
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke("evaluate", "--data", dir.Path, "--artifacts", dir.Path, "--k", ks);

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("--k", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingDataDirectoryExitsOneNamingTheFile()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke("evaluate", "--data", dir.Combine("nowhere"), "--artifacts", dir.Path);

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("split.json", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("metrics.json")));
    }

    /// <summary>generate (500 × 800, seed 5) → prepare → a small train into <paramref name="dir"/>; returns data/ and artifacts/.</summary>
    private static (string Data, string Artifacts) Trained(TempDirectory dir, params string[] trainOptions)
    {
        var data = dir.Combine("data");
        var artifacts = dir.Combine("artifacts");
        var (code, _, error) = CliHarness.Invoke("generate", "--out", dir.Combine("raw"), "--users", "500", "--tracks", "800", "--seed", "5");
        Assert.True(code == 0, error);
        (code, _, error) = CliHarness.Invoke("prepare", "--raw", dir.Combine("raw"), "--out", data);
        Assert.True(code == 0, error);
        (code, _, error) = CliHarness.Invoke(
            ["train", "--data", data, "--out", artifacts, "--factors", "8", "--iterations", "3", "--threads", "2", .. trainOptions]);
        Assert.True(code == 0, error);
        return (data, artifacts);
    }
}
