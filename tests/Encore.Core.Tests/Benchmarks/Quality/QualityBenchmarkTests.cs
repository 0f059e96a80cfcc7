using Encore.Core.Data.Interactions;
using Encore.Core.Benchmarks.Quality;
using Encore.Core.Models.Als;

namespace Encore.Core.Tests.Benchmarks.Quality;

public sealed class QualityBenchmarkTests
{
    // Two taste blocks of 20 users × 10 items, each user playing every item of its block: what a user misses
    // in train is another item of its own block, which ALS finds and global popularity cannot tell apart.
    private static SparseMatrix Blocks()
    {
        var users = new List<int>();
        var items = new List<int>();
        var values = new List<float>();
        for (var u = 0; u < 40; u++)
        {
            var block = u < 20 ? 0 : 10;
            for (var i = 0; i < 10; i++)
            {
                users.Add(u);
                items.Add(block + i);
                // Block 0 is played more, so plain popularity recommends block 0 to everybody.
                values.Add(block == 0 ? 5 : 1);
            }
        }

        return SparseMatrix.FromTriplets(40, 20, users.ToArray(), items.ToArray(), values.ToArray());
    }

    [Fact]
    public void AlsBeatsPopularityOnTwoTasteBlocks()
    {
        var bench = new QualityBenchmark(Blocks(), 0.2, 42, 2);
        var als = bench.Als(new AlsQualityConfig(InteractionValues.Binary, new AlsOptions { Factors = 4, Iterations = 10, Seed = 1, Threads = 1 }), TestContext.Current.CancellationToken);
        var popular = bench.TopPopular(TestContext.Current.CancellationToken);

        Assert.Equal(40, bench.TestUsers);
        Assert.True(als.Recall > 0.9, $"ALS recall {als.Recall}");
        // Half the users (block 1) get block-0 items and hit nothing.
        Assert.True(popular.Recall <= 0.5 + 1e-9, $"popular recall {popular.Recall}");
        Assert.True(als.Ndcg > popular.Ndcg);
    }

    [Fact]
    public void TopPopularNeverRecommendsAHeardItem()
    {
        // User 0 holds the most played items; users 1 and 2 have too few pairs to be tested, and stay in train
        // so that every item has train plays and can be recommended.
        var matrix = SparseMatrix.FromTriplets(
            3, 6, [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2], [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5], [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 1]);
        var bench = new QualityBenchmark(matrix, 0.2, 5, 10);

        var heldOut = bench.Split.Test.RowIndices(0).ToArray();
        var scores = bench.TopPopular(TestContext.Current.CancellationToken);

        // Every unheard train item is shown, so the held-out one is always found.
        Assert.Single(heldOut);
        Assert.Equal(1.0, scores.Recall, 6);
        Assert.Equal(1, bench.TestUsers);
    }

    [Fact]
    public void GridHasEighteenConfigsPerValueMode()
    {
        var grid = AlsQualityConfig.Grid(new AlsOptions(), [InteractionValues.PlayCount, InteractionValues.Bm25]);
        Assert.Equal(36, grid.Count);
        Assert.Equal(36, grid.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void NoUserWithEnoughPairsIsAClearError()
    {
        var matrix = SparseMatrix.FromTriplets(2, 3, [0, 1], [0, 1], [1, 1]);
        Assert.Contains("nobody can be tested", Assert.Throws<EncoreException>(() => new QualityBenchmark(matrix, 0.2, 1, 10)).Message, StringComparison.Ordinal);
    }
}
