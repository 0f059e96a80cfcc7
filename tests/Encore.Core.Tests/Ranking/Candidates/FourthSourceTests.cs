using System.Text.Json.Nodes;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Ranking;
using Encore.Core.Ranking.Candidates;

namespace Encore.Core.Tests.Ranking.Candidates;

/// <summary>
/// Adding a candidate source is one file (<see cref="GenreCandidates"/>) plus one registration line: it shows up in
/// the ranker's features and candidates and among <c>evaluate</c>'s models, and the default sources stay as they were.
/// </summary>
public sealed class FourthSourceTests(RankerTrainerTests.TrainedData trained) : IClassFixture<RankerTrainerTests.TrainedData>
{
    // The registration line.
    private static readonly IReadOnlyList<CandidateSource> s_sources = [.. CandidateSources.Default, new GenreCandidates()];

    [Fact]
    public void TheDefaultSourcesKeepTheirFeatureNamesAndOrder()
    {
        Assert.Equal(["als_score", "als_rank", "similar_score", "similar_rank", "popular_rank", "sources"], RankerFeatures.All.Take(6));
        Assert.Equal(["random", "top_popular", "als", "similar_to_history", "ranker"], EvaluatedModels.All);
    }

    [Fact]
    public void ARegisteredSourceAddsItsScoreAndRankFeaturesAfterTheOthersSources()
    {
        Assert.Equal(
            ["als_score", "als_rank", "similar_score", "similar_rank", "popular_rank", "genre_score", "genre_rank", "sources"],
            RankerFeatures.For(s_sources).Take(8));
        Assert.Equal(RankerFeatures.All.Count + 2, RankerFeatures.For(s_sources).Count);
    }

    [Fact]
    public void TheRankerTrainsOnTheNewSourcesCandidatesAndFeaturesAndReportsItsRecall()
    {
        using var dir = new TempDirectory();
        var artifacts = trained.CopyArtifacts(dir);
        var options = new RankerOptions
        {
            Sources = s_sources,
            FeatureColumns = true,
            Model = new() { Objective = Encore.Core.Ranking.LightGbm.RankerObjective.LambdaRank, Trees = 20, Threads = 1 },
        };

        RankerTrainer.Train(trained.Data, artifacts, options, cancellationToken: TestContext.Current.CancellationToken);

        var ranker = JsonNode.Parse(File.ReadAllText(Path.Combine(artifacts, ArtifactFiles.RankerJson)))!;
        var features = ranker["features"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();
        Assert.Equal(RankerFeatures.For(s_sources), features);
        Assert.Equal(
            ["new_listens", "all", "als", "similar", "popular", "genre"],
            ranker["candidate_recall"]!.AsObject().Select(p => p.Key));
        Assert.True(RankerJson.Read(Path.Combine(artifacts, ArtifactFiles.RankerJson)).Recall.Of("genre") > 0);
        using var db = new DuckDbSession();
        var file = $"read_parquet({Sql.Literal(Path.Combine(artifacts, ArtifactFiles.Recommendations))})";
        Assert.True(db.Scalar<long>($"SELECT count(*) FROM {file} WHERE genre_rank IS NOT NULL") > 0, "no recommendation came from the genre source");
        Assert.True(db.Scalar<long>($"SELECT count(*) FROM {file} WHERE genre_rank IS NOT NULL AND als_rank IS NULL") > 0, "the genre source added no track of its own");
    }

    [Fact]
    public void EvaluateScoresTheNewSourceBetweenTheOtherSourcesAndTheRanker()
    {
        var options = new EvaluateOptions { Sources = s_sources };
        Assert.Equal(["random", "top_popular", "als", "similar_to_history", "genre", "ranker"], EvaluatedModels.For(s_sources));

        var report = OfflineEvaluation.Evaluate(
            EvaluationInputs.Load(trained.Data, TestContext.Current.CancellationToken), trained.Artifacts, options,
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("genre", report.Result.Models.Select(m => m.Model));
        Assert.Contains(report.Notes, note => note.Model == "genre" && note.Text.StartsWith("candidate source 'genre'", StringComparison.Ordinal));
        Assert.True(report.Result["genre"].Values.Any(value => value.Value > 0), "the genre source's lists hit nothing");
    }
}
