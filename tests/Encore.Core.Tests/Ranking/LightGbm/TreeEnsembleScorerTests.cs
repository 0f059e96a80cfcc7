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

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(1031)]
    public void BothWalksGiveTheReferenceScoresBitForBitOnDeepUnbalancedTrees(int rows)
    {
        const int Features = 5;
        var scorer = RandomEnsemble(trees: 40, Features, seed: 7);
        var values = RandomRows(rows, Features, seed: rows);
        var reference = new float[rows];
        scorer.ScoreReference(values, Features, reference);

        foreach (var walk in new[] { TreeEnsembleScorer.Walk.ToLeaves, TreeEnsembleScorer.Walk.FullDepth })
        {
            foreach (var threads in new[] { 0, 1 })
            {
                var scores = new float[rows];
                scorer.Score(values, Features, scores, threads, walk);
                Assert.Equal(Bits(reference), Bits(scores));
            }
        }
    }

    [Fact]
    public void TrainedTreesScoreAsTheReferenceBitForBit()
    {
        var model = RankerFixture.Train(RankerFixture.Planted(users: 100, candidates: 20), RankerFixture.Quick);
        var rows = RankerFixture.Planted(users: 40, candidates: 23, seed: 2);
        var fast = new float[rows.Rows];
        var reference = new float[rows.Rows];

        model.Score(rows, fast);
        model.Scorer.ScoreReference(rows.Values, rows.Columns, reference);

        Assert.Equal(Bits(reference), Bits(fast));
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

    private static int[] Bits(float[] scores) => [.. scores.Select(BitConverter.SingleToInt32Bits)];

    /// <summary>
    /// Trees grown at random as LightGBM's leaf-wise growth leaves them, long and thin: each child is a leaf with
    /// probability 0.45 (so some trees are one leaf, some 20 levels deep), thresholds on a grid the rows also take,
    /// leaf values with every mantissa bit used, so a sum in another order would show.
    /// </summary>
    private static TreeEnsembleScorer RandomEnsemble(int trees, int features, int seed)
    {
        var random = new Random(seed);
        var nodes = new List<TreeEnsembleScorer.Node>();
        var leaves = new List<double>();
        var roots = new int[trees];
        for (var t = 0; t < trees; t++)
        {
            roots[t] = Grow(0);
        }

        return new TreeEnsembleScorer([.. nodes], roots, [.. leaves]);

        int Grow(int depth)
        {
            if (depth == 20 || random.NextDouble() < 0.45)
            {
                leaves.Add((random.NextDouble() * 2) - 1);
                return ~(leaves.Count - 1);
            }

            // Numbered before its children, as LightGBM numbers them.
            var id = nodes.Count;
            nodes.Add(default);
            var left = Grow(depth + 1);
            var right = Grow(depth + 1);
            nodes[id] = new TreeEnsembleScorer.Node(random.Next(features), (random.Next(9) - 4) * 0.5f, left, right);
            return id;
        }
    }

    /// <summary>Values on the thresholds' grid (ties with a threshold go left), between them, missing or infinite.</summary>
    private static float[] RandomRows(int rows, int features, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * features];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(12) switch
            {
                0 => float.NaN,
                1 => float.PositiveInfinity,
                2 => float.NegativeInfinity,
                < 7 => (random.Next(9) - 4) * 0.5f,
                _ => (float)((random.NextDouble() * 5) - 2.5),
            };
        }

        return values;
    }
}
