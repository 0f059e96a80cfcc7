using Encore.Core.Ranking.Live;
using Encore.Core.Tests.Ranking.LightGbm;

namespace Encore.Core.Tests.Ranking.Live;

public sealed class StagedScoringTests
{
    private const int Columns = 8;

    /// <summary>The best k rows by score, then lower row: the order the live ranker serves.</summary>
    private static int[] Top(float[] scores, int k) =>
        [.. Enumerable.Range(0, scores.Length).OrderByDescending(r => scores[r]).ThenBy(r => r).Take(k)];

    [Theory]
    [InlineData(1, 220, 10, 1.0)]
    [InlineData(2, 220, 10, 0.97)]
    [InlineData(3, 150, 1, 0.97)]
    [InlineData(4, 300, 50, 0.99)]
    [InlineData(5, 11, 10, 0.9)]
    [InlineData(6, 64, 3, 0.95)]
    public void TheExactTopKIsFullScoringsTopKWithTheSameScoreBits(int seed, int rows, int k, double decay)
    {
        // Repeated rows tie exactly, so the lower-row tie-break must survive the pruning too.
        var scorer = RandomEnsemble.Create(seed, trees: 200, features: Columns, scale: 0.5, decay: decay);
        var values = RandomEnsemble.Rows(seed, rows, Columns, repeats: true);
        var full = new float[rows];
        scorer.Score(values, Columns, full, threads: 1);

        var staged = new float[rows];
        var walks = StagedScoring.Score(scorer, values, Columns, rows, k, staged, new StagedWork(rows));

        var expected = Top(full, k);
        Assert.Equal(expected, Top(staged, k));
        Assert.All(expected, r => Assert.Equal(BitConverter.SingleToInt32Bits(full[r]), BitConverter.SingleToInt32Bits(staged[r])));
        Assert.InRange(walks, 1, (long)rows * scorer.Trees);
    }

    [Fact]
    public void RowsThatCannotReachTheTopKStopEarly()
    {
        // Shrinking trees (boosting's later steps are small): after the first stages most rows are far below the k-th.
        var scorer = RandomEnsemble.Create(7, trees: 200, features: Columns, scale: 1, decay: 0.93);
        const int Rows = 220;
        var values = RandomEnsemble.Rows(7, Rows, Columns);
        var staged = new float[Rows];

        var walks = StagedScoring.Score(scorer, values, Columns, Rows, 10, staged, new StagedWork(Rows));

        Assert.True(walks < Rows * 200 / 2, $"{walks} tree walks of {Rows * 200}");
        Assert.Contains(float.NegativeInfinity, staged);
    }

    [Fact]
    public void AShortlistScoresOnlyThatManyPastTheFirstStageAndTheirScoresStayExact()
    {
        var scorer = RandomEnsemble.Create(8, trees: 160, features: Columns, scale: 0.5, decay: 1.0);
        const int Rows = 200;
        var values = RandomEnsemble.Rows(8, Rows, Columns, repeats: true);
        var full = new float[Rows];
        scorer.Score(values, Columns, full, threads: 1);
        var first = StagedScoring.FirstStage(scorer.Trees);

        var staged = new float[Rows];
        var walks = StagedScoring.Score(scorer, values, Columns, Rows, 10, staged, new StagedWork(Rows), shortlist: 30);

        Assert.True(walks <= ((long)Rows * first) + (30L * (scorer.Trees - first)), $"{walks} tree walks");
        var finite = Enumerable.Range(0, Rows).Where(r => !float.IsNegativeInfinity(staged[r])).ToArray();
        Assert.InRange(finite.Length, 10, 30);
        Assert.All(finite, r => Assert.Equal(full[r], staged[r]));
    }
}
