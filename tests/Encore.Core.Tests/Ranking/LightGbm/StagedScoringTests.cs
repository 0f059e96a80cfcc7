using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Tests.Ranking.LightGbm;

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

    /// <summary>Groups of consecutive rows of every size around k = 10 and shortlist 30, with a row between some of them that no group holds.</summary>
    private static (int[] FirstRows, int[] Counts, int Rows) Groups(int seed, int groups)
    {
        int[] sizes = [0, 1, 9, 10, 11, 29, 30, 31, 64, 150, 220];
        var random = new Random(seed);
        var firstRows = new int[groups];
        var counts = new int[groups];
        var row = 0;
        for (var g = 0; g < groups; g++)
        {
            row += random.Next(2);
            firstRows[g] = row;
            counts[g] = g < sizes.Length ? sizes[g] : random.Next(200);
            row += counts[g];
        }

        return (firstRows, counts, row + 1);
    }

    [Fact]
    public void GroupsWithoutAShortlistGetEveryRowsFullScoreBitForBit()
    {
        var scorer = RandomEnsemble.Create(9, trees: 120, features: Columns, scale: 0.5, decay: 0.99);
        var (firstRows, counts, rows) = Groups(9, 40);
        var values = RandomEnsemble.Rows(9, rows, Columns, repeats: true);
        var full = new float[rows];
        scorer.Score(values, Columns, full, threads: 1);

        var grouped = new float[rows];
        var walks = StagedScoring.ScoreGroups(scorer, values, Columns, firstRows, counts, k: 10, shortlist: 0, firstStage: 15, grouped);

        Assert.Equal((long)counts.Sum() * scorer.Trees, walks);
        for (var g = 0; g < counts.Length; g++)
        {
            for (var r = firstRows[g]; r < firstRows[g] + counts[g]; r++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(full[r]), BitConverter.SingleToInt32Bits(grouped[r]));
            }
        }
    }

    [Fact]
    public void AShortlistKeepsEachLargeGroupsBestByThePartialSumWithFullScoresAndLeavesSmallGroupsAndOtherRowsAlone()
    {
        const int K = 10, Shortlist = 30, FirstStage = 15;
        var scorer = RandomEnsemble.Create(10, trees: 120, features: Columns, scale: 0.5, decay: 0.99);
        var (firstRows, counts, rows) = Groups(10, 40);
        var values = RandomEnsemble.Rows(10, rows, Columns, repeats: true);
        var full = new float[rows];
        scorer.Score(values, Columns, full, threads: 1);
        var partial = new double[rows];
        scorer.AddTrees(values, Columns, [.. Enumerable.Range(0, rows)], partial, 0, FirstStage);
        const float Untouched = 12345f;
        var grouped = Enumerable.Repeat(Untouched, rows).ToArray();

        var walks = StagedScoring.ScoreGroups(scorer, values, Columns, firstRows, counts, K, Shortlist, FirstStage, grouped);

        var expectedWalks = 0L;
        var inGroup = new bool[rows];
        for (var g = 0; g < counts.Length; g++)
        {
            var group = Enumerable.Range(firstRows[g], counts[g]).ToArray();
            Array.ForEach(group, r => inGroup[r] = true);
            if (counts[g] <= Shortlist)
            {
                // A group no longer than the shortlist is scored as without one.
                Assert.All(group, r => Assert.Equal(BitConverter.SingleToInt32Bits(full[r]), BitConverter.SingleToInt32Bits(grouped[r])));
                expectedWalks += (long)counts[g] * scorer.Trees;
                continue;
            }

            var kept = group.OrderByDescending(r => partial[r]).ThenBy(r => r).Take(Shortlist).ToHashSet();
            Assert.All(group, r => Assert.Equal(
                kept.Contains(r) ? BitConverter.SingleToInt32Bits(full[r]) : BitConverter.SingleToInt32Bits(float.NegativeInfinity),
                BitConverter.SingleToInt32Bits(grouped[r])));
            expectedWalks += ((long)counts[g] * FirstStage) + ((long)Shortlist * (scorer.Trees - FirstStage));
        }

        Assert.Equal(expectedWalks, walks);
        Assert.All(Enumerable.Range(0, rows).Where(r => !inGroup[r]), r => Assert.Equal(Untouched, grouped[r]));
        Assert.Contains(counts, c => c > Shortlist);
    }

    [Fact]
    public void GroupScoresDoNotDependOnTheThreads()
    {
        var scorer = RandomEnsemble.Create(11, trees: 100, features: Columns, scale: 0.5, decay: 0.98);
        var (firstRows, counts, rows) = Groups(11, 300);
        var values = RandomEnsemble.Rows(11, rows, Columns, repeats: true);
        var one = new float[rows];
        var two = new float[rows];
        var all = new float[rows];

        StagedScoring.ScoreGroups(scorer, values, Columns, firstRows, counts, 10, 30, 12, one, threads: 1);
        StagedScoring.ScoreGroups(scorer, values, Columns, firstRows, counts, 10, 30, 12, two, threads: 2);
        StagedScoring.ScoreGroups(scorer, values, Columns, firstRows, counts, 10, 30, 12, all);

        Assert.Equal(one.Select(BitConverter.SingleToInt32Bits), two.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(one.Select(BitConverter.SingleToInt32Bits), all.Select(BitConverter.SingleToInt32Bits));
    }
}
