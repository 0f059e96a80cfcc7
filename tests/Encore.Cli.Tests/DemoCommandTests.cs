using Encore.Cli.Commands;

namespace Encore.Cli.Tests;

/// <summary><c>encore demo</c> on tiny sizes: generate → pipeline, and serving until cancelled.</summary>
public sealed class DemoCommandTests
{
    private static readonly string[] s_fastPipeline = [.. DemoService.FastPipeline.SelectMany(setting => new[] { "--set", setting })];

    [Fact]
    public void DemoWithoutServingGeneratesAndRunsThePipelineThenSkipsItOnTheSecondRun()
    {
        using var dir = new TempDirectory();
        string[] demo = ["demo", "--no-serve", "--out", dir.Path, "--users", "800", "--tracks", "1500", .. s_fastPipeline];

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

        var (code, _, error) = CliHarness.Invoke("demo", "--no-serve", "--out", dir.Path, "--set", "train.als.factorz=4");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("train.als.factorz", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("raw")));
    }

    [Fact]
    public async Task DemoServesTheArtifactsPrintsCallsToTryAndStopsCleanlyWhenCancelled()
    {
        using var dir = new TempDirectory();
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var cli = new CliContext(TextWriter.Synchronized(output), TextWriter.Synchronized(output), stop.Token);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var demo = Task.Run(() => DemoCommand.Run(cli, DemoService.Settings(dir.Path), addresses => ready.TrySetResult(addresses[0])));
        string url;
        try
        {
            url = await ready.Task.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var answer = await http.PostAsync(new Uri($"{url}/recommendations_default?k=3"), null, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
            Assert.StartsWith("{\"recs\":[", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            // Also when an assertion fails: a demo left serving would outlive the test.
            await stop.CancelAsync();
        }

        Assert.Equal(CommandRunner.Ok, await demo.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        var printed = output.ToString();
        Assert.Contains($"curl -X POST '{url}/recommendations_offline?user_id=", printed, StringComparison.Ordinal);
        Assert.Contains($"encore client --url {url} scenario --user-id ", printed, StringComparison.Ordinal);
        Assert.Contains($"Explorer: {url}/explore?user_id=", printed, StringComparison.Ordinal);
        Assert.EndsWith("Stopped.", printed.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void APortOutOfRangeExitsOneBeforeGeneratingAnything()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke("demo", "--out", dir.Path, "--port", "70000");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Equal("error: --port: must be in [0, 65535], got 70000.", error.TrimEnd());
        Assert.False(Directory.Exists(dir.Combine("raw")));
    }
}
