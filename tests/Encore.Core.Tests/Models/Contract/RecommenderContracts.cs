using Encore.Core.Artifacts;
using Encore.Core.Models.Als;
using Encore.Core.Models.Random;
using Encore.Core.Models.Similar;
using Encore.Core.Models.TopPopular;
using Encore.Core.Tests.Models.Als;

namespace Encore.Core.Tests.Models.Contract;

public sealed class RandomRecommenderContractTests : RecommenderContractTests<RandomRecommender>
{
    protected override RandomRecommender Create(int seed) => new(RecommenderFixture.Catalog, seed);
}

public sealed class TopPopularRecommenderContractTests : RecommenderContractTests<TopPopularRecommender>
{
    protected override TopPopularRecommender Create(int seed)
    {
        var model = new TopPopularRecommender(RecommenderFixture.Items);
        model.Fit(RecommenderFixture.Plays);
        return model;
    }
}

public sealed class ChartTopPopularRecommenderContractTests : RecommenderContractTests<TopPopularRecommender>
{
    // The chart as evaluate reads it back from top_popular.parquet.
    protected override TopPopularRecommender Create(int seed) => TopPopularRecommender.FromChart([3, 0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
}

public sealed class AlsRecommenderContractTests : RecommenderContractTests<AlsRecommender>
{
    protected override AlsRecommender Create(int seed)
    {
        var model = new AlsRecommender(AlsFixtures.Small() with { Seed = seed });
        model.Fit(RecommenderFixture.Plays, cancellationToken: TestContext.Current.CancellationToken);
        return model;
    }
}

/// <summary>ALS lists read back from als_candidates.bin (a single user's call is the model's own search).</summary>
public sealed class AlsCandidateListsContractTests : RecommenderContractTests<AlsCandidateLists>
{
    protected override AlsCandidateLists Create(int seed)
    {
        var model = new AlsRecommender(AlsFixtures.Small() with { Seed = seed });
        model.Fit(RecommenderFixture.Plays, cancellationToken: TestContext.Current.CancellationToken);
        var path = Path.Combine(Path.GetTempPath(), $"encore-als-candidates-{Guid.NewGuid():N}.bin");
        try
        {
            AlsCandidatesFile.Write(path, model.RecommendAll(10, cancellationToken: TestContext.Current.CancellationToken), model);
            return AlsCandidatesFile.TryOpen(path, model, 10) ?? throw new InvalidOperationException("The lists just written were refused.");
        }
        finally
        {
            // The open lists keep reading a deleted file.
            File.Delete(path);
        }
    }
}

/// <summary>Similar tracks of the recent listens, by the genre similarity index.</summary>
public sealed class GenreSimilarToRecentListensContractTests : RecommenderContractTests<SimilarToRecentListens>
{
    protected override SimilarToRecentListens Create(int seed) =>
        new(new SimilarToHistory(RecommenderFixture.GenreIndex()), RecommenderFixture.Recent);
}

/// <summary>Similar tracks of the recent listens by ALS item similarity, summed.</summary>
public sealed class AlsSimilarToRecentListensContractTests : RecommenderContractTests<SimilarToRecentListens>
{
    protected override SimilarToRecentListens Create(int seed)
    {
        var als = new AlsRecommender(AlsFixtures.Small() with { Seed = seed });
        als.Fit(RecommenderFixture.Plays, cancellationToken: TestContext.Current.CancellationToken);
        var similarity = new AlsItemSimilarity(threads: 1);
        similarity.Fit(als.ItemFactors, RecommenderFixture.Catalog);
        return new(
            new SimilarToHistory(Encore.Core.Ranking.SimilarIndexes.FromLists(similarity.SimilarToAll(6)), SimilarMerge.Sum),
            RecommenderFixture.Recent);
    }
}
