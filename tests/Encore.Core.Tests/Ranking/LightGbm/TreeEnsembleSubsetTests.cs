namespace Encore.Core.Tests.Ranking.LightGbm;

public sealed class TreeEnsembleSubsetTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 8)]
    [InlineData(4, 9)]
    [InlineData(5, 230)]
    public void AddingTreesInRangesToAnySubsetOfRowsEndsWithScoresBitsForBit(int seed, int rows)
    {
        const int Columns = 6;
        var scorer = RandomEnsemble.Create(seed, trees: 50, features: Columns, scale: 0.7, decay: 0.97);
        var values = RandomEnsemble.Rows(seed, rows, Columns);
        var expected = new float[rows];
        scorer.Score(values, Columns, expected, threads: 1);

        // Every other row, in a shuffled order, through uneven tree ranges; the rest later through all trees at once.
        var random = new Random(seed);
        var subset = Enumerable.Range(0, rows).Where(r => r % 2 == 0).OrderBy(_ => random.Next()).ToArray();
        var others = Enumerable.Range(0, rows).Where(r => r % 2 == 1).ToArray();
        var sums = new double[rows];
        int[] cuts = [0, 1, 13, 14, 40, 50];
        for (var i = 0; i + 1 < cuts.Length; i++)
        {
            scorer.AddTrees(values, Columns, subset, sums, cuts[i], cuts[i + 1]);
        }

        scorer.AddTrees(values, Columns, others, sums, 0, scorer.Trees);

        for (var r = 0; r < rows; r++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[r]), BitConverter.SingleToInt32Bits((float)sums[r]));
        }
    }

    [Fact]
    public void TheRestOfTheTreesCanAddNoLessThanRestMinAndNoMoreThanRestMax()
    {
        const int Columns = 4;
        var scorer = RandomEnsemble.Create(9, trees: 30, features: Columns);
        var values = RandomEnsemble.Rows(9, 500, Columns);
        var ranges = scorer.Ranges;
        Assert.Equal(0, ranges.RestMax[scorer.Trees]);
        var all = Enumerable.Range(0, 500).ToArray();
        foreach (var from in new[] { 0, 10, 29 })
        {
            var sums = new double[500];
            scorer.AddTrees(values, Columns, all, sums, from, scorer.Trees);
            Assert.All(sums, s => Assert.InRange(s, ranges.RestMin[from] - 1e-9, ranges.RestMax[from] + 1e-9));
            Assert.True(ranges.RestAbs[from] >= Math.Max(Math.Abs(ranges.RestMin[from]), Math.Abs(ranges.RestMax[from])) - 1e-9);
        }
    }

    [Fact]
    public void RowsOrTreesOutsideTheEnsembleAreRejected()
    {
        var scorer = RandomEnsemble.Create(1, trees: 3, features: 2);
        var values = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.AddTrees(values, 2, [2], new double[3], 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.AddTrees(values, 2, [0], new double[2], 0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.AddTrees(values, 2, [0], new double[2], 2, 1));
    }
}
