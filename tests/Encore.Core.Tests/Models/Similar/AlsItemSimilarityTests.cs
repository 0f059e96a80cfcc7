using Encore.Core.Linalg;
using Encore.Core.Models.Similar;

namespace Encore.Core.Tests.Models.Similar;

public sealed class AlsItemSimilarityTests : ItemSimilarityContractTests
{
    // Unit vectors: y0 = y3 = (1, 0), y1 ∝ (2, 1), y2 = (0, 1); item 4 would be y0's closest but has no listens.
    private static readonly float[,] Factors = { { 1, 0 }, { 2, 1 }, { 0, 2 }, { 3, 0 }, { 1, 0.1f } };
    private static readonly int[] Candidates = [0, 1, 2, 3];

    protected override int NonCandidate => 4;

    protected override IItemSimilarity CreateFitted() => Fit(threads: 2);

    private static AlsItemSimilarity Fit(int threads, SimdWidth width = SimdWidth.Scalar)
    {
        var factors = new FactorMatrix(Factors.GetLength(0), Factors.GetLength(1));
        for (var i = 0; i < factors.Rows; i++)
        {
            for (var j = 0; j < factors.Columns; j++)
            {
                factors.Row(i)[j] = Factors[i, j];
            }
        }

        var model = new AlsItemSimilarity(threads) { Width = width };
        model.Fit(factors, Candidates);
        return model;
    }

    [Fact]
    public void ScoresAreTheCosineOfItemFactorsWithTiesByLowerId()
    {
        var all = Fit(threads: 1).SimilarToAll(3, cancellationToken: TestContext.Current.CancellationToken);
        var two = 2 / MathF.Sqrt(5);
        var one = 1 / MathF.Sqrt(5);

        Assert.Equal([3, 1, 2], all.Lists.Items(0).ToArray());
        Assert.Equal([1f, two, 0f], all.Lists.Scores(0).ToArray(), new Tolerance(1e-6));
        Assert.Equal([0, 3, 2], all.Lists.Items(1).ToArray());
        Assert.Equal([two, two, one], all.Lists.Scores(1).ToArray(), new Tolerance(1e-6));
        Assert.Equal([1, 0, 3], all.Lists.Items(2).ToArray());
    }

    [Fact]
    public void WidestKernelGivesTheScalarLists()
    {
        var scalar = Fit(1, SimdWidth.Scalar).SimilarToAll(3, cancellationToken: TestContext.Current.CancellationToken);
        var best = Fit(2, Simd.Best).SimilarToAll(3, cancellationToken: TestContext.Current.CancellationToken);
        for (var row = 0; row < scalar.Sources.Length; row++)
        {
            Assert.Equal(scalar.Lists.Items(row).ToArray(), best.Lists.Items(row).ToArray());
        }
    }
}
