using Encore.Core.Data.Interactions;

namespace Encore.Core.Tests.Data;

public sealed class InteractionMatrixTests
{
    [Fact]
    public void BinaryModeGivesOneForRepeatedPlays()
    {
        var m = InteractionMatrix.Build(2, 2, [0, 0, 1], [1, 1, 0], default, InteractionValues.Binary);
        Assert.Equal([1f, 1f], m.Values.ToArray());
    }

    [Fact]
    public void PlayCountModeSumsWeights()
    {
        var m = InteractionMatrix.Build(1, 2, [0, 0, 0], [1, 1, 0], [1f, 2.5f, 4f], InteractionValues.PlayCount);
        Assert.Equal([4f, 3.5f], m.Values.ToArray());
    }

    [Fact]
    public void Bm25MatchesAHandComputedCase()
    {
        // Rows are documents: N = 2 rows, df = [2, 1, 1], row sums = [3, 4], avg = 3.5; K1 = 100, B = 0.8.
        var counts = SparseMatrix.FromTriplets(2, 3, [0, 0, 1, 1], [0, 1, 0, 2], [1f, 2f, 3f, 1f]);
        var w = Bm25.Weight(counts);

        static double Expected(double x, double rowSum, int df)
        {
            var norm = 0.2 + (0.8 * rowSum / 3.5);
            return x * 101.0 / ((100.0 * norm) + x) * (Math.Log(2) - Math.Log(1 + df));
        }

        Assert.Equal(Expected(1, 3, 2), w.Get(0, 0), 6);
        Assert.Equal(Expected(2, 3, 1), w.Get(0, 1), 6);
        Assert.Equal(Expected(3, 4, 2), w.Get(1, 0), 6);
        Assert.Equal(Expected(1, 4, 1), w.Get(1, 2), 6);

        // Literal checks: cell (0,1) has df = 1, so idf = ln(2/2) = 0; cell (0,0) is 101/(100·0.8857 + 1)·ln(2/3).
        Assert.Equal(0.0, w.Get(0, 1), 6);
        Assert.Equal(-0.4572, w.Get(0, 0), 3);
    }

    [Fact]
    public void Bm25ModeWeighsItemsAsDocumentsLikeImplicitExamples()
    {
        var m = InteractionMatrix.Build(2, 3, [0, 0, 1, 1], [0, 1, 0, 2], [1f, 2f, 3f, 1f], InteractionValues.Bm25);
        var expected = Bm25.Weight(SparseMatrix.FromTriplets(2, 3, [0, 0, 1, 1], [0, 1, 0, 2], [1f, 2f, 3f, 1f]).Transpose()).Transpose();
        Assert.Equal(expected.Values.ToArray(), m.Values.ToArray());
    }

    [Fact]
    public void SyntheticMatrixHasExactlyTheRequestedDistinctCellsAndGeometricValues()
    {
        var m = SyntheticInteractions.Uniform(50, 40, 1500, seed: 7);
        Assert.Equal(1500, m.Nnz);
        var ones = 0;
        foreach (var v in m.Values)
        {
            Assert.True(v >= 1f && v == MathF.Floor(v));
            ones += v == 1f ? 1 : 0;
        }

        Assert.InRange(ones, 650, 850);
        var again = SyntheticInteractions.Uniform(50, 40, 1500, seed: 7);
        Assert.Equal(m.Indices.ToArray(), again.Indices.ToArray());
        Assert.Equal(m.Values.ToArray(), again.Values.ToArray());
    }
}
