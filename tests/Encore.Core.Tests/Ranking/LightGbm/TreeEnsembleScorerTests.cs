using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Tests.Ranking.LightGbm;

public sealed class TreeEnsembleScorerTests
{
    // Tree 0: x0 ≤ 0.5 ? (x1 ≤ 2 ? 1 : 2) : 3.  Tree 1: a single leaf 0.25.  Tree 2: x1 ≤ -1 ? 10 : 20.
    private static readonly TreeEnsembleScorer s_scorer = new(
        [new(0, 0.5f, 1, ~2), new(1, 2f, ~0, ~1), new(1, -1f, ~4, ~5)],
        [0, ~3, 2],
        [1, 2, 3, 0.25, 10, 20]);

    [Theory]
    [InlineData(0f, 0f, 1 + 0.25 + 20)]
    [InlineData(0.5f, 2f, 1 + 0.25 + 20)]
    [InlineData(0.5f, 2.5f, 2 + 0.25 + 20)]
    [InlineData(0.6f, -3f, 3 + 0.25 + 10)]
    [InlineData(float.NaN, float.NaN, 1 + 0.25 + 10)]
    [InlineData(1f, float.NegativeInfinity, 3 + 0.25 + 10)]
    public void ScoreSumsTheLeafEachTreeReachesWithMissingGoingLeft(float x0, float x1, double expected)
    {
        var scores = new float[1];

        s_scorer.Score([x0, x1], 2, scores);

        Assert.Equal((float)expected, scores[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(1031)]
    public void BlocksLanesAndThreadsGiveTheRowByRowScores(int rows)
    {
        var values = new float[rows * 3];
        var random = new Random(rows);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(10) == 0 ? float.NaN : (float)((random.NextDouble() * 6) - 3);
        }

        var parallel = new float[rows];
        s_scorer.Score(values, 3, parallel, threads: 0);

        for (var r = 0; r < rows; r++)
        {
            var single = new float[1];
            s_scorer.Score(values.AsSpan(r * 3, 3), 3, single, threads: 1);
            Assert.Equal(single[0], parallel[r]);
        }
    }

    [Fact]
    public void WithColumnsReadsEachFeatureFromItsNewColumn()
    {
        var remapped = s_scorer.WithColumns([2, 0]);
        var scores = new float[1];

        remapped.Score([-3f, 99f, 0.6f], 3, scores);

        Assert.Equal(3 + 0.25f + 10, scores[0]);
    }

    [Fact]
    public void RowsNarrowerThanTheSplitFeaturesAreRejected() =>
        Assert.Throws<ArgumentException>(() => s_scorer.Score([1f], 1, new float[1]));

    [Fact]
    public void AChildBeforeItsParentIsRejectedSoNoTraversalLoops() =>
        Assert.Throws<ArgumentException>(() => new TreeEnsembleScorer([new(0, 0f, 0, ~0)], [0], [1]));
}
