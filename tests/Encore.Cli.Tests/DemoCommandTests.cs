namespace Encore.Cli.Tests;

/// <summary><c>encore demo</c>: generate → pipeline on tiny sizes.</summary>
public sealed class DemoCommandTests
{
    private static readonly string[] s_fastPipeline =
    [
        "--set", "train.als.factors=4", "--set", "train.als.iterations=2", "--set", "train.als.threads=2", "--set", "prepare.threads=2",
        "--set", "ranker.model.trees=20", "--set", "ranker.model.threads=1",
    ];

    [Fact]
    public void DemoGeneratesAndRunsThePipelineThenSkipsItOnTheSecondRun()
    {
        using var dir = new TempDirectory();
        string[] demo = ["demo", "--out", dir.Path, "--users", "800", "--tracks", "1500", .. s_fastPipeline];

        var (code, output, error) = CliHarness.Invoke(demo);

        Assert.True(code == 0, error);
        foreach (var file in new[] { "tracks.parquet", "catalog_names.parquet", "interactions.parquet" })
        {
            Assert.True(File.Exists(dir.Combine("raw", file)), file);
        }

        foreach (var file in new[] { "items.parquet", "events.parquet", "genres.parquet", "split.json", "report/data.md" })
        {
            Assert.True(File.Exists(dir.Combine("data", file)), file);
        }

        foreach (var file in new[] { "top_popular.parquet", "personal_als.parquet", "similar.parquet", "manifest.json" })
        {
            Assert.True(File.Exists(dir.Combine("artifacts", file)), file);
        }

        Assert.True(File.Exists(dir.Combine("report", "standard", "models.md")));
        Assert.Contains("ndcg@10", output, StringComparison.Ordinal);
        Assert.Contains("data.md", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(dir.Combine("data"), ".staging-*"));

        // The generator is deterministic, so a second demo finds the same raw files and resumes past every step.
        (code, output, error) = CliHarness.Invoke(demo);
        Assert.True(code == 0, error);
        Assert.Contains("train: skipped: unchanged", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadPipelineSettingExitsOneBeforeGeneratingAnything()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke("demo", "--out", dir.Path, "--set", "train.als.factorz=4");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("train.als.factorz", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("raw")));
    }
}
