using System.Text.Json;

namespace Encore.Cli.Tests;

/// <summary><c>encore pipeline</c> through the command line: resume, configuration errors, printing the configuration.</summary>
public sealed class PipelineCommandTests : IClassFixture<PipelineCommandTests.RawData>
{
    private readonly RawData _raw;

    public PipelineCommandTests(RawData raw) => _raw = raw;

    /// <summary>One tiny generated raw data set shared by the tests of this class.</summary>
    public sealed class RawData : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public RawData()
        {
            var (code, _, error) = CliHarness.Invoke("generate", "--out", Path, "--users", "600", "--tracks", "900", "--seed", "3");
            Assert.True(code == 0, error);
        }

        public string Path => _directory.Combine("raw");

        public void Dispose() => _directory.Dispose();
    }

    private string[] Pipeline(string output, params string[] extra) =>
    [
        "pipeline", "--raw", _raw.Path, "--out", output,
        "--set", "train.als.factors=4", "--set", "train.als.iterations=2", "--set", "train.als.threads=2", "--set", "prepare.threads=2",
        .. extra,
    ];

    [Fact]
    public void RunsEveryStepThenSkipsThemAllOnTheSecondRun()
    {
        using var dir = new TempDirectory();

        var (code, output, error) = CliHarness.Invoke(Pipeline(dir.Path));
        Assert.True(code == 0, error);
        Assert.Contains("1/3 prepare: running (no earlier run)", output, StringComparison.Ordinal);
        Assert.Contains("3/3 evaluate: running (no earlier run)", output, StringComparison.Ordinal);
        Assert.Contains("| step | status | seconds | peak RSS (MiB) |", output, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("artifacts", "personal_als.parquet")));
        Assert.True(File.Exists(dir.Combine("report", "standard", "models.md")));

        (code, output, error) = CliHarness.Invoke(Pipeline(dir.Path));
        Assert.True(code == 0, error);
        Assert.Contains("1/3 prepare: skipped: unchanged", output, StringComparison.Ordinal);
        Assert.Contains("2/3 train: skipped: unchanged", output, StringComparison.Ordinal);
        Assert.Contains("3/3 evaluate: skipped: unchanged", output, StringComparison.Ordinal);

        using var summary = JsonDocument.Parse(File.ReadAllText(dir.Combine("pipeline.json")));
        var statuses = summary.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString());
        Assert.Equal(["skipped", "skipped", "skipped"], statuses);

        (code, output, error) = CliHarness.Invoke(Pipeline(dir.Path, "--force", "evaluate", "--config", WriteConfig(dir, """{ "evaluate": { "protocols": ["standard", "seed"] } }""")));
        Assert.True(code == 0, error);
        Assert.Contains("3/3 evaluate: running (forced)", output, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("report", "seed", "metrics.json")));
    }

    [Theory]
    [InlineData("""{ "train": { "als": { "factorz": 8 } } }""", "unknown key 'train.als.factorz'")]
    [InlineData("""{ "train": { "als": { "factors": "eight" } } }""", "'train.als.factors' must be a number, not \"eight\"")]
    [InlineData("""{ "publsh": {} }""", "unknown key 'publsh'")]
    [InlineData("""{ "publish": { "to": "ftp://host/dir" } }""", "publish.to: Artifact location 'ftp://host/dir': scheme 'ftp://' is not supported")]
    public void ABadConfigurationExitsOneNamingTheKeyAndFile(string json, string expected)
    {
        using var dir = new TempDirectory();
        var config = WriteConfig(dir, json);

        var (code, _, error) = CliHarness.Invoke(Pipeline(dir.Combine("out"), "--config", config));

        Assert.Equal(1, code);
        Assert.StartsWith($"error: {config}: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("out")));
    }

    [Fact]
    public void PrintConfigShowsEveryParameterWithSettingsApplied()
    {
        var (code, output, error) = CliHarness.Invoke("pipeline", "--print-config", "--set", "train.als.factors=8");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(8, json.RootElement.GetProperty("train").GetProperty("als").GetProperty("factors").GetInt32());
        Assert.Equal(50, json.RootElement.GetProperty("train").GetProperty("als").GetProperty("iterations").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("prepare").GetProperty("subsample_step").GetInt32());
        Assert.Equal("standard", json.RootElement.GetProperty("evaluate").GetProperty("protocols")[0].GetString());
    }

    [Fact]
    public void MissingRawDirectoryIsAUserError()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke("pipeline", "--out", dir.Path);

        Assert.Equal(1, code);
        Assert.Equal("error: --raw: give the directory of the raw files.", error.Trim());
    }

    private static string WriteConfig(TempDirectory dir, string json)
    {
        var path = dir.Combine("encore.json");
        File.WriteAllText(path, json);
        return path;
    }
}
