namespace Encore.Cli.Tests;

public sealed class DataCommandsTests
{
    [Fact]
    public void DemoGeneratesPreparesTrainsAndEvaluates()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = CliHarness.Invoke("demo", "--out", dir.Path, "--users", "800", "--tracks", "1500");

        Assert.True(code == 0, error);
        foreach (var file in new[] { "tracks.parquet", "catalog_names.parquet", "interactions.parquet" })
        {
            Assert.True(File.Exists(dir.Combine("raw", file)), file);
        }

        foreach (var file in new[] { "items.parquet", "events.parquet", "genres.parquet", "split.json", "report/data.md" })
        {
            Assert.True(File.Exists(dir.Combine("data", file)), file);
        }

        Assert.NotEmpty(Directory.GetFiles(dir.Combine("data", "report"), "*.png"));
        foreach (var file in new[] { "top_popular.parquet", "personal_als.parquet", "similar.parquet", "manifest.json", "metrics.json", "report/models.md" })
        {
            Assert.True(File.Exists(dir.Combine("artifacts", file)), file);
        }

        Assert.Contains("ndcg@10", output, StringComparison.Ordinal);
        Assert.Contains("data.md", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(dir.Combine("data"), ".staging-*"));
    }

    [Fact]
    public void PrepareOfAMissingRawDirectoryExitsOneAndNamesTheFile()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke("prepare", "--raw", dir.Combine("nowhere"), "--out", dir.Combine("out"));

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("tracks.parquet", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("out", "items.parquet")));
    }

    [Fact]
    public void PrepareRejectsASplitDateThatIsNotADate()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke("prepare", "--raw", dir.Path, "--out", dir.Combine("out"), "--split-date", "16.12.2022");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("--split-date", error, StringComparison.Ordinal);
        Assert.Contains("16.12.2022", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateRejectsZeroUsersNamingTheParameter()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke("generate", "--out", dir.Path, "--users", "0");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("users", error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void GenerateIsByteIdenticalForTheSameArguments()
    {
        using var dir = new TempDirectory();
        string[] Run(string name)
        {
            var (code, _, error) = CliHarness.Invoke("generate", "--out", dir.Combine(name), "--users", "500", "--tracks", "800", "--seed", "7");
            Assert.True(code == 0, error);
            return Directory.GetFiles(dir.Combine(name)).Order(StringComparer.Ordinal)
                .Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))).ToArray();
        }

        Assert.Equal(Run("a"), Run("b"));
    }
}
