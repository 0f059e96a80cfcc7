using Encore.Core.Pipeline;

namespace Encore.Core.Tests.Pipeline;

/// <summary>The real steps (prepare, train, ranker, evaluate) on tiny generated data: resume, reruns and failures.</summary>
public sealed class PipelineRunnerTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static StepStatus[] Statuses(PipelineSummary summary) => [.. summary.Steps.Select(s => s.Status)];

    private static string Reason(PipelineSummary summary, string step) => summary.Steps.Single(s => s.Step == step).Reason;

    [Fact]
    public void TheFirstRunWritesDataArtifactsReportsStatesAndTimings()
    {
        var layout = fixture.Layout(fixture.Golden);

        Assert.Equal(["prepare", "train", "ranker", "evaluate"], fixture.FirstRun.Steps.Select(s => s.Step));
        Assert.All(fixture.FirstRun.Steps, s => Assert.Equal(StepStatus.Ran, s.Status));
        Assert.All(fixture.FirstRun.Steps, s => Assert.True(s.Seconds > 0 && s.PeakRssBytes > 0, s.Step));
        foreach (var file in new[]
                 {
                     "data/events.parquet", "data/items.parquet", "data/split.json", "data/report/data.md",
                     "artifacts/personal_als.parquet", "artifacts/similar.parquet", "artifacts/top_popular.parquet",
                     "artifacts/als_model.bin", "artifacts/als_user_factors.parquet", "artifacts/als_item_factors.parquet",
                     "artifacts/manifest.json",
                     "artifacts/recommendations.parquet", "artifacts/ranker_model.bin", "artifacts/ranker.json",
                     "report/standard/metrics.json", "report/standard/models.md", "report/standard/models.png",
                     "report/standard/ranker.md", "report/standard/ranker_importance.png",
                     ".encore/steps/prepare.json", ".encore/steps/train.json", ".encore/steps/ranker.json", ".encore/steps/evaluate.json",
                 })
        {
            Assert.True(File.Exists(Path.Combine(layout.OutputDirectory, file)), file);
        }

        var written = PipelineSummary.TryRead(layout.Summary);
        Assert.NotNull(written);
        Assert.Equal(fixture.FirstRun.Steps, written.Steps);
        Assert.Empty(Directory.GetDirectories(layout.Artifacts, ".staging-*"));
    }

    [Fact]
    public void ASecondRunSkipsEveryStep()
    {
        using var dir = new TempDirectory();
        var layout = fixture.CopyOfFirstRun(dir);

        var summary = PipelineRunner.Run(layout, PipelineFixture.Steps(), new PipelineRunOptions(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped], Statuses(summary));
        Assert.All(summary.Steps, s => Assert.Equal("unchanged", s.Reason));
        // A skipped step reports the time and memory of the run that made its outputs.
        Assert.Equal(fixture.FirstRun.Steps.Select(s => s.Seconds), summary.Steps.Select(s => s.Seconds));
    }

    [Fact]
    public void TheReplayOptionRerunsOnlyEvaluateAndAddsTheReplaySectionAndReport()
    {
        using var dir = new TempDirectory();
        var layout = fixture.CopyOfFirstRun(dir);

        var summary = PipelineRunner.Run(
            layout, PipelineFixture.Steps("evaluate.replay=true"), new PipelineRunOptions(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Ran], Statuses(summary));
        var report = Path.Combine(layout.OutputDirectory, "report", "standard");
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "metrics.json")));
        Assert.Equal(["protocol", "k", "models", "replay"], metrics.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(metrics.RootElement.GetProperty("replay").GetProperty("strategies").GetProperty("blended").GetProperty("ndcg@10").GetDouble() >= 0);
        Assert.True(File.Exists(Path.Combine(report, "replay.md")));
        Assert.True(File.Exists(Path.Combine(report, "replay.png")));
    }

    [Fact]
    public void ChangingATrainParameterRerunsTrainAndEvaluateButNotPrepare()
    {
        using var dir = new TempDirectory();
        var layout = fixture.CopyOfFirstRun(dir);
        var before = File.ReadAllBytes(Path.Combine(layout.Artifacts, "personal_als.parquet"));

        var summary = PipelineRunner.Run(
            layout, PipelineFixture.Steps("train.als.iterations=3"), new PipelineRunOptions(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([StepStatus.Skipped, StepStatus.Ran, StepStatus.Ran, StepStatus.Ran], Statuses(summary));
        Assert.Equal("parameters changed", Reason(summary, "train"));
        Assert.Equal("artifacts/personal_als.parquet changed", Reason(summary, "evaluate"));
        Assert.NotEqual(before, File.ReadAllBytes(Path.Combine(layout.Artifacts, "personal_als.parquet")));
    }

    [Fact]
    public void PublishingRunsLastUploadsTheManifestsFilesAndIsSkippedWhenNothingChanged()
    {
        using var dir = new TempDirectory();
        var layout = fixture.CopyOfFirstRun(dir);
        var destination = dir.Combine("published");
        var steps = PipelineFixture.Steps($"publish.to={destination}");

        var first = PipelineRunner.Run(layout, steps, new PipelineRunOptions(), cancellationToken: TestContext.Current.CancellationToken);
        var second = PipelineRunner.Run(layout, steps, new PipelineRunOptions(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["prepare", "train", "ranker", "evaluate", "publish"], first.Steps.Select(s => s.Step));
        Assert.Equal([StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Ran], Statuses(first));
        Assert.Equal([StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped], Statuses(second));
        foreach (var file in new[]
                 {
                     "manifest.json", "personal_als.parquet", "similar.parquet", "top_popular.parquet", "als_model.bin",
                     "als_user_factors.parquet", "als_item_factors.parquet", "recommendations.parquet", "ranker_model.bin", "ranker.json",
                 })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(layout.Artifacts, file)), File.ReadAllBytes(Path.Combine(destination, file)));
        }
    }

    [Fact]
    public void DeletingAnOutputRerunsItsStepAndIdenticalOutputsSpareTheStepsAfterIt()
    {
        using var dir = new TempDirectory();
        var layout = fixture.CopyOfFirstRun(dir);
        var recommendations = File.ReadAllBytes(Path.Combine(layout.Artifacts, "recommendations.parquet"));
        File.Delete(Path.Combine(layout.Artifacts, "similar.parquet"));

        var summary = PipelineRunner.Run(layout, PipelineFixture.Steps(), new PipelineRunOptions(), cancellationToken: TestContext.Current.CancellationToken);

        // Train rewrote manifest.json without the ranker's entries, so the ranker puts them back; its lists come out
        // byte for byte the same, which spares evaluate.
        Assert.Equal([StepStatus.Skipped, StepStatus.Ran, StepStatus.Ran, StepStatus.Skipped], Statuses(summary));
        Assert.Equal("artifacts/similar.parquet is missing", Reason(summary, "train"));
        Assert.Equal("artifacts/manifest.json changed size", Reason(summary, "ranker"));
        Assert.True(File.Exists(Path.Combine(layout.Artifacts, "similar.parquet")));
        Assert.Equal(recommendations, File.ReadAllBytes(Path.Combine(layout.Artifacts, "recommendations.parquet")));
        Assert.Contains("recommendations.parquet", File.ReadAllText(Path.Combine(layout.Artifacts, "manifest.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void ChangingARankerParameterRerunsOnlyTheRankerAndEvaluate()
    {
        using var dir = new TempDirectory();
        var layout = fixture.CopyOfFirstRun(dir);
        var als = File.ReadAllBytes(Path.Combine(layout.Artifacts, "als_model.bin"));

        var summary = PipelineRunner.Run(
            layout, PipelineFixture.Steps("ranker.model.trees=10"), new PipelineRunOptions(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([StepStatus.Skipped, StepStatus.Skipped, StepStatus.Ran, StepStatus.Ran], Statuses(summary));
        Assert.Equal("parameters changed", Reason(summary, "ranker"));
        Assert.Equal(als, File.ReadAllBytes(Path.Combine(layout.Artifacts, "als_model.bin")));
    }

    [Fact]
    public void ForcingAStepRerunsItAndEveryStepAfterIt()
    {
        using var dir = new TempDirectory();
        var layout = fixture.CopyOfFirstRun(dir);

        var summary = PipelineRunner.Run(
            layout, PipelineFixture.Steps(), new PipelineRunOptions { Force = "train" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([StepStatus.Skipped, StepStatus.Ran, StepStatus.Ran, StepStatus.Ran], Statuses(summary));
        Assert.Equal("forced", Reason(summary, "evaluate"));
    }

    [Fact]
    public void ForcingAnUnknownStepNamesTheSteps()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<EncoreException>(() => PipelineRunner.Run(
            fixture.Layout(dir.Path), PipelineFixture.Steps(), new PipelineRunOptions { Force = "rank" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("--force: 'rank' is not a step; choose prepare, train, ranker, evaluate or all.", error.Message);
    }

    [Fact]
    public void AFailedStepKeepsEarlierOutputsAndTheNextRunResumesAtIt()
    {
        using var dir = new TempDirectory();
        var layout = fixture.CopyOfFirstRun(dir);
        var metrics = Path.Combine(layout.Report, "standard", "metrics.json");
        var oldMetrics = File.ReadAllBytes(metrics);
        var recommendations = Path.Combine(layout.Artifacts, "recommendations.parquet");
        var good = File.ReadAllBytes(recommendations);
        // Same size, other bytes: the ranker's outputs look intact, evaluate sees a changed input it cannot read.
        File.WriteAllBytes(recommendations, new byte[good.Length]);

        var error = Assert.Throws<EncoreException>(() => PipelineRunner.Run(
            layout, PipelineFixture.Steps(), new PipelineRunOptions(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("recommendations.parquet", error.Message, StringComparison.Ordinal);
        var failed = PipelineSummary.TryRead(layout.Summary)!;
        Assert.Equal([StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Failed], Statuses(failed));
        Assert.False(File.Exists(StepState.PathOf(layout, "evaluate")));
        Assert.True(File.Exists(StepState.PathOf(layout, "ranker")));
        Assert.Equal(oldMetrics, File.ReadAllBytes(metrics));
        Assert.Empty(Directory.GetDirectories(layout.Report, ".staging-*"));

        File.WriteAllBytes(recommendations, good);
        var resumed = PipelineRunner.Run(layout, PipelineFixture.Steps(), new PipelineRunOptions(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Ran], Statuses(resumed));
        Assert.Equal("no earlier run", Reason(resumed, "evaluate"));
    }
}
