using System.Text.Json;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Tests.Artifacts;

namespace Encore.Core.Tests.Evaluation.Offline;

public sealed class OfflineEvaluationTests
{
    private static readonly string[] s_outputs = ["standard/metrics.json", "standard/models.md", "standard/models.png"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JsonElement Metrics(EvaluationFixture fixture) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Report, "metrics.json"))).RootElement;

    [Fact]
    public void StandardProtocolWritesMetricsJsonWithHandComputedValues()
    {
        using var fixture = new EvaluationFixture();

        OfflineEvaluation.Run(fixture.Data, fixture.Artifacts, null, new EvaluateOptions { K = [2] }, cancellationToken: Token);

        var json = Metrics(fixture);
        Assert.Equal("standard", json.GetProperty("protocol").GetString());
        Assert.Equal([2], json.GetProperty("k").EnumerateArray().Select(e => e.GetInt32()));
        var models = json.GetProperty("models");
        Assert.Equal(["random", "top_popular", "als", "similar_to_history"], models.EnumerateObject().Select(p => p.Name));

        // Evaluated: users 1 (discoveries 3, 4) and 2 (discovery 5); user 3 only re-listened.
        var als = models.GetProperty("als");
        Assert.Equal(2, als.GetProperty("users").GetInt32());
        Assert.Equal(1, als.GetProperty("users_without_new_items").GetInt32());
        Assert.Equal(0.5, als.GetProperty("precision@2").GetDouble(), 12);           // [3,5] → 1 hit; [6,5] → 1 hit
        Assert.Equal(0.75, als.GetProperty("recall@2").GetDouble(), 12);             // 1/2 and 1/1
        var ndcgUser1 = 1 / (1 + 1 / Math.Log2(3));
        var ndcgUser2 = 1 / Math.Log2(3);
        Assert.Equal((ndcgUser1 + ndcgUser2) / 2, als.GetProperty("ndcg@2").GetDouble(), 12);

        // User 1's recent listens [2, 1] give 3 (.9), 4 (.8); user 2's [1] gives 3 (.9), 5 (.5).
        var similar = models.GetProperty("similar_to_history");
        Assert.Equal(0.75, similar.GetProperty("precision@2").GetDouble(), 12);
        Assert.Equal(1.0, similar.GetProperty("recall@2").GetDouble(), 12);

        // The chart minus heard items: user 1 heard both, user 2 gets [2]; cold user 4 gets [1, 2] and finds 2.
        var top = models.GetProperty("top_popular");
        Assert.Equal(1, top.GetProperty("users_without_recs").GetInt32());
        Assert.Equal(0.5, top.GetProperty("cold_event_share@2").GetDouble(), 12);
    }

    [Fact]
    public void SeedProtocolReproducesTheSeedsQuirksOnHandComputedValues()
    {
        using var fixture = new EvaluationFixture();

        var report = OfflineEvaluation.Run(
            fixture.Data, fixture.Artifacts, null, new EvaluateOptions { Protocol = "seed", K = [2] }, cancellationToken: Token);

        // Common users 1, 2, 3; test items kept only if played in train: {}, {1}, {2}.
        // P = (0 + 0 + 1/2) / 3, R = (0 + 0 + 1) / 3, F1 from the means.
        var als = report.Result["als"];
        Assert.Equal(3, als["users"]);
        Assert.Equal(1.0 / 6, als["precision@2"], 12);
        Assert.Equal(1.0 / 3, als["recall@2"], 12);
        Assert.Equal(2.0 / 9, als["f1@2"], 12);

        // Cold user 4 is checked against the top 100 (here 1, 2) and finds 2 of its 2 test items.
        var top = report.Result["top_popular"];
        Assert.Equal(0.5, top["cold_event_share@100"], 12);
        Assert.Equal(1.0, top["cold_user_coverage@100"], 12);
        Assert.Equal(4, top["users"]);

        var markdown = File.ReadAllText(Path.Combine(fixture.ReportRoot, "seed", "models.md"));
        Assert.Contains("docs/seed.md §5.7", markdown, StringComparison.Ordinal);
        Assert.Contains("| precision@2 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportFilesAreWrittenBesideMetricsJson()
    {
        using var fixture = new EvaluationFixture();

        OfflineEvaluation.Run(fixture.Data, fixture.Artifacts, null, new EvaluateOptions { K = [1, 2] }, cancellationToken: Token);

        var markdown = File.ReadAllText(Path.Combine(fixture.Report, "models.md"));
        Assert.Contains("![precision@2, recall@2, ndcg@2 per model](models.png)", markdown, StringComparison.Ordinal);
        Assert.Contains("- **similar_to_history**: ", markdown, StringComparison.Ordinal);
        Assert.Contains("- **ranker**: skipped: recommendations.parquet not found", markdown, StringComparison.Ordinal);
        var png = File.ReadAllBytes(Path.Combine(fixture.Report, "models.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Empty(Directory.GetDirectories(fixture.Artifacts, ".staging-*"));
    }

    [Fact]
    public void TheRankersListsAreScoredAsRankerAndTheSeedProtocolSaysWhatItWasTrainedFor()
    {
        using var fixture = new EvaluationFixture();
        ArtifactFixture.Personal(Path.Combine(fixture.Artifacts, "recommendations.parquet"), "(1, 3, 0.9::DOUBLE, 1), (1, 4, 0.8, 2), (2, 5, 0.7, 1)");

        var standard = OfflineEvaluation.Evaluate(
            EvaluationInputs.Load(fixture.Data, Token), fixture.Artifacts, new EvaluateOptions { K = [2] }, cancellationToken: Token);
        var seed = OfflineEvaluation.Evaluate(
            EvaluationInputs.Load(fixture.Data, Token), fixture.Artifacts,
            new EvaluateOptions { Protocol = EvaluateOptions.SeedProtocolName, K = [2] }, cancellationToken: Token);

        Assert.Equal(["random", "top_popular", "als", "similar_to_history", "ranker"], standard.Result.Models.Select(m => m.Model));
        // User 1 gets both new test tracks in the top 2, user 2 its new track 5.
        Assert.Equal(1.0, standard.Result["ranker"]["recall@2"], 12);
        Assert.DoesNotContain("standard protocol", standard.Notes.Single(n => n.Model == "ranker").Text, StringComparison.Ordinal);
        Assert.Contains("trained for the standard protocol", seed.Notes.Single(n => n.Model == "ranker").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameInputsGiveByteIdenticalOutputs()
    {
        using var fixture = new EvaluationFixture();
        var options = new EvaluateOptions { K = [2], Seed = 7 };

        byte[][] Run()
        {
            OfflineEvaluation.Run(fixture.Data, fixture.Artifacts, null, options, cancellationToken: Token);
            return [.. s_outputs.Select(f => File.ReadAllBytes(Path.Combine(fixture.ReportRoot, f)))];
        }

        var first = Run();
        var second = Run();
        Assert.Equal(first, second);
    }

    [Fact]
    public void AMissingOptionalArtifactSkipsItsModelWithANote()
    {
        using var fixture = new EvaluationFixture(withSimilar: false);

        var report = OfflineEvaluation.Run(fixture.Data, fixture.Artifacts, null, new EvaluateOptions { K = [2] }, cancellationToken: Token);

        Assert.DoesNotContain(report.Result.Models, m => m.Model == "similar_to_history");
        Assert.Contains(report.Notes, n => n.Model == "similar_to_history" && n.Text.Contains("similar.parquet not found", StringComparison.Ordinal));
    }

    [Fact]
    public void AModelAskedForByNameWithoutItsArtifactIsAnErrorAndWritesNothing()
    {
        using var fixture = new EvaluationFixture(withSimilar: false);
        var options = new EvaluateOptions { K = [2], Models = ["als", "similar_to_history"] };

        var error = Assert.Throws<EncoreException>(() =>
            OfflineEvaluation.Run(fixture.Data, fixture.Artifacts, null, options, cancellationToken: Token));

        Assert.Contains("similar.parquet", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Report, "metrics.json")));
    }

    [Fact]
    public void ModelsSelectsASubsetInReportOrder()
    {
        using var fixture = new EvaluationFixture();
        var options = new EvaluateOptions { K = [2], Models = ["als", "random"] };

        var report = OfflineEvaluation.Run(fixture.Data, fixture.Artifacts, null, options, cancellationToken: Token);

        Assert.Equal(["random", "als"], report.Result.Models.Select(m => m.Model));
    }

    [Fact]
    public void AnUnknownModelOrProtocolIsAnErrorNamingTheParameter()
    {
        Assert.Contains("--models", Assert.Throws<EncoreException>(() => new EvaluateOptions { Models = ["svd"] }.Validate()).Message,
            StringComparison.Ordinal);
        Assert.Contains("--protocol", Assert.Throws<EncoreException>(() => new EvaluateOptions { Protocol = "x" }.Validate()).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingSplitFileIsNamed()
    {
        using var fixture = new EvaluationFixture();
        File.Delete(Path.Combine(fixture.Data, "split.json"));

        var error = Assert.Throws<EncoreException>(() =>
            OfflineEvaluation.Run(fixture.Data, fixture.Artifacts, null, new EvaluateOptions(), cancellationToken: Token));

        Assert.Contains("split.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsLandInReportProtocolBesideTheArtifactsWithEveryChartAndNothingInTheArtifacts()
    {
        using var fixture = new EvaluationFixture();
        var before = Directory.GetFiles(fixture.Artifacts, "*", SearchOption.AllDirectories).Order().ToArray();

        var report = OfflineEvaluation.Run(fixture.Data, fixture.Artifacts, null, new EvaluateOptions { K = [1, 2] }, cancellationToken: Token);

        Assert.Equal(before, Directory.GetFiles(fixture.Artifacts, "*", SearchOption.AllDirectories).Order().ToArray());
        foreach (var file in new[] { "metrics.json", "models.md", "models.png", "models_by_k.png", "accuracy_coverage.png", "accuracy_popularity.png", "activity_deciles.png" })
        {
            Assert.True(new FileInfo(Path.Combine(fixture.Report, file)).Length > 0, file);
        }

        var markdown = File.ReadAllText(Path.Combine(fixture.Report, "models.md"));
        Assert.Contains("## By listener activity", markdown, StringComparison.Ordinal);
        Assert.Contains("(models_by_k.png)", markdown, StringComparison.Ordinal);
        Assert.NotNull(report.Activity);
        Assert.Equal("ndcg@2", report.Activity.Metric);
        Assert.Equal(report.Result.Models.Select(m => m.Model), report.Activity.Models.Select(m => m.Key));
    }

    [Fact]
    public void AReportRootGivenExplicitlyReceivesTheProtocolFolder()
    {
        using var fixture = new EvaluationFixture();
        var root = Path.Combine(fixture.Data, "elsewhere");

        OfflineEvaluation.Run(fixture.Data, fixture.Artifacts, root, new EvaluateOptions { Protocol = "seed", K = [2] }, cancellationToken: Token);

        Assert.True(File.Exists(Path.Combine(root, "seed", "metrics.json")));
        Assert.False(Directory.Exists(fixture.ReportRoot));
    }
}
