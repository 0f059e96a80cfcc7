using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Randomness;

namespace Encore.Core.Tests.Models.Als;

/// <summary>The all-data ALS fit started from a fit on part of the listens (<see cref="AlsWarmStart"/>).</summary>
public sealed class AlsWarmStartTests
{
    private const int Users = 300;
    private const int Items = 200;

    // The later listens: every sixth one, plus every listen of the last 30 users (first heard after the part).
    private static bool IsLate(int user, int k) => user >= Users - 30 || k % 6 == 0;

    private static readonly AlsOptions Options = AlsFixtures.Small() with { Iterations = 20, Alpha = 2f };

    [Fact]
    public void AWarmStartOfAFewIterationsEndsNoWorseThanAFullColdFit()
    {
        var (all, part) = Listens();
        var cold = new AlsRecommender(Options);
        cold.Fit(all, cancellationToken: TestContext.Current.CancellationToken);
        var partModel = new AlsRecommender(Options);
        partModel.Fit(part, cancellationToken: TestContext.Current.CancellationToken);
        var shortCold = new AlsRecommender(Options with { Iterations = 4 });
        shortCold.Fit(all, cancellationToken: TestContext.Current.CancellationToken);

        var warm = new AlsRecommender(Options);
        warm.Fit(all, WarmStartFrom(partModel, iterations: 4), cancellationToken: TestContext.Current.CancellationToken);

        // A fifth of the iterations from the part's factors reaches the full fit's loss (within 1 %), where as few
        // iterations from random factors do not.
        Assert.True(warm.Loss() <= cold.Loss() * 1.01, $"warm {warm.Loss()} vs cold {cold.Loss()}");
        Assert.True(warm.Loss() < shortCold.Loss(), $"warm {warm.Loss()} vs 4 cold iterations {shortCold.Loss()}");
    }

    [Fact]
    public void RowsWithoutAMatchStartFromTheColdFitsDraws()
    {
        var (all, part) = Listens();
        var partModel = new AlsRecommender(Options);
        partModel.Fit(part, cancellationToken: TestContext.Current.CancellationToken);
        var unmatched = new AlsWarmStart(
            partModel.UserFactors, partModel.ItemFactors, Enumerable.Repeat(-1, Users).ToArray(), Enumerable.Repeat(-1, Items).ToArray(), Iterations: 3);

        var warm = new AlsRecommender(Options);
        warm.Fit(all, unmatched, cancellationToken: TestContext.Current.CancellationToken);
        var cold = new AlsRecommender(Options with { Iterations = 3 });
        cold.Fit(all, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(cold.UserFactors.Data.ToArray(), warm.UserFactors.Data.ToArray());
        Assert.Equal(cold.ItemFactors.Data.ToArray(), warm.ItemFactors.Data.ToArray());
    }

    [Fact]
    public void AWarmStartRunsItsOwnIterationCount()
    {
        var (all, part) = Listens();
        var partModel = new AlsRecommender(Options);
        partModel.Fit(part, cancellationToken: TestContext.Current.CancellationToken);
        var iterations = new List<int>();

        new AlsRecommender(Options).Fit(
            all, WarmStartFrom(partModel, iterations: 2), onIteration: it => iterations.Add(it.Iteration),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([1, 2], iterations);
    }

    [Fact]
    public void AWarmStartOfAnotherShapeIsRefused()
    {
        var (all, part) = Listens();
        var partModel = new AlsRecommender(Options);
        partModel.Fit(part, cancellationToken: TestContext.Current.CancellationToken);
        var start = WarmStartFrom(partModel, iterations: 2) with { ItemRows = new int[Items - 1] };

        Assert.Throws<ArgumentException>(() => new AlsRecommender(Options).Fit(all, start, cancellationToken: TestContext.Current.CancellationToken));
    }

    // The part's users are the first rows of the whole matrix, its items the same.
    private static AlsWarmStart WarmStartFrom(AlsRecommender part, int iterations) => new(
        part.UserFactors, part.ItemFactors,
        [.. Enumerable.Range(0, Users).Select(u => u < part.UserFactors.Rows ? u : -1)], [.. Enumerable.Range(0, Items)], iterations);

    /// <summary>Random listens with popular items and a part without the later ones (and without the last users).</summary>
    private static (SparseMatrix All, SparseMatrix Part) Listens()
    {
        var random = new SplitMix64(7);
        var (users, items, partUsers, partItems) = (new List<int>(), new List<int>(), new List<int>(), new List<int>());
        for (var u = 0; u < Users; u++)
        {
            var taste = (int)random.NextBelow(4);
            for (var k = 0; k < 25; k++)
            {
                // Half the listens in the user's taste group of items, half anywhere, skewed to low ids (popular).
                var item = random.NextBelow(2) == 0
                    ? (taste * (Items / 4)) + (int)random.NextBelow(Items / 4)
                    : (int)(random.NextSingle() * random.NextSingle() * Items);
                users.Add(u);
                items.Add(item);
                if (!IsLate(u, k))
                {
                    partUsers.Add(u);
                    partItems.Add(item);
                }
            }
        }

        var all = SparseMatrix.FromTriplets(Users, Items, [.. users], [.. items]);
        var part = SparseMatrix.FromTriplets(Users - 30, Items, [.. partUsers], [.. partItems]);
        return (all, part);
    }
}
