using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Ranking;

namespace Encore.Core.Tests.Ranking;

/// <summary>The scoring set-up keeps one copy of the all-data matrix: the ALS file's copy is swapped for the dataset's only when they are equal.</summary>
public sealed class RankerScoringSetupTests
{
    private static readonly AlsOptions Options = new() { Factors = 2 };

    [Fact]
    public void TheScoringAlsSharesTheDatasetsMatrixWhenTheFileHoldsAnEqualOne()
    {
        var als = AlsRecommender.FromFactors(Options, Factors(3), Factors(4), Matrix(1f));
        var dataset = Matrix(1f);

        var shared = RankerTrainer.SharingMatrix(als, dataset);

        Assert.Same(dataset, shared.UserItems);
        Assert.Same(als.UserFactors, shared.UserFactors);
        Assert.Same(als.ItemFactors, shared.ItemFactors);
        Assert.Equal(als.Options, shared.Options);
        Assert.Equal(Top(als), Top(shared));
    }

    [Fact]
    public void AFileFromOtherListensKeepsItsOwnMatrix()
    {
        var als = AlsRecommender.FromFactors(Options, Factors(3), Factors(4), Matrix(1f));

        // Another value in the same cell, and the same value in another cell.
        Assert.Same(als, RankerTrainer.SharingMatrix(als, Matrix(2f)));
        Assert.Same(als, RankerTrainer.SharingMatrix(als, SparseMatrix.FromCsr(3, 4, [0, 1, 2, 2], [0, 2], [1f, 1f])));
    }

    // Users 0 and 1 each heard one track; user 2 none.
    private static SparseMatrix Matrix(float value) => SparseMatrix.FromCsr(3, 4, [0, 1, 2, 2], [0, 3], [1f, value]);

    private static FactorMatrix Factors(int rows)
    {
        var factors = new FactorMatrix(rows, Options.Factors);
        for (var i = 0; i < factors.Data.Length; i++)
        {
            factors.Data[i] = ((i * 7) % 5) - 2;
        }

        return factors;
    }

    private static int[][] Top(AlsRecommender model) =>
        [.. Enumerable.Range(0, 3).Select(user => model.Recommend(user, 2).Items(0).ToArray())];
}
