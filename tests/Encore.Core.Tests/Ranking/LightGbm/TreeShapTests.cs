using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Tests.Ranking.LightGbm;

public sealed class TreeShapTests
{
    // x0 ≤ 0.5 ? (x1 ≤ 2 ? 1 : 2) : 3, with 2, 2 and 4 training rows in its leaves: expected value (2 + 4 + 12) / 8.
    private static readonly TreeEnsembleScorer s_tree = new([new(0, 0.5f, 1, ~2), new(1, 2f, ~0, ~1)], [0], [1, 2, 3]);
    private static readonly double[] s_covers = [2, 2, 4];

    [Fact]
    public void ContributionsOfATwoSplitTreeAreItsShapleyValuesByHand()
    {
        var shap = new TreeShap(s_tree, s_covers);
        var contributions = new double[2];

        shap.Contributions([0f, 0f], contributions, new TreeShap.PathElement[shap.ScratchLength]);

        // v(∅) = 2.25, v({x0}) = 1.5 (the left subtree's mean), v({x1}) = ½·1 + ½·3 = 2, v({x0, x1}) = 1:
        // φ0 = ½(−0.75) + ½(−1) = −0.875, φ1 = ½(−0.25) + ½(−0.5) = −0.375.
        Assert.Equal(2.25, shap.ExpectedValue, 12);
        Assert.Equal(-0.875, contributions[0], 12);
        Assert.Equal(-0.375, contributions[1], 12);
    }

    [Fact]
    public void ARowOutsideTheSplitFeaturesSubtreeCreditsOnlyTheFeatureItUsed()
    {
        var shap = new TreeShap(s_tree, s_covers);
        var contributions = new double[2];

        shap.Contributions([0.9f, 0f], contributions, new TreeShap.PathElement[shap.ScratchLength]);

        // Score 3: x1 changes nothing once x0 is known, so φ1 = ½(v({x1}) − v(∅)) + ½(v(both) − v({x0})) = ½(−0.25) + 0.
        Assert.Equal(3 - 2.25 - contributions[1], contributions[0], 12);
        Assert.Equal(-0.125, contributions[1], 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void FastKernelEqualsSubsetEnumerationOnRandomTreesWithRepeatedFeaturesAndEmptyLeaves(int seed)
    {
        var random = new Random(seed);
        var (scorer, covers) = RandomEnsemble(random, trees: 6, features: 5);
        var shap = new TreeShap(scorer, covers);
        var scratch = new TreeShap.PathElement[shap.ScratchLength];
        for (var r = 0; r < 40; r++)
        {
            var row = RandomRow(random, 5);
            var fast = new double[5];

            shap.Contributions(row, fast, scratch);
            var (reference, expected) = TreeShapReference.Contributions(shap, row);

            Assert.Equal(expected, shap.ExpectedValue, 9);
            for (var f = 0; f < fast.Length; f++)
            {
                Assert.True(Math.Abs(fast[f] - reference[f]) <= 1e-9 * (1 + Math.Abs(reference[f])), $"row {r} feature {f}: fast {fast[f]}, reference {reference[f]}");
            }

            Assert.Equal(Score(scorer, row), (float)(shap.ExpectedValue + fast.Sum()), 4);
        }
    }

    [Theory]
    [InlineData(RankerObjective.Binary)]
    [InlineData(RankerObjective.LambdaRank)]
    public void ContributionsOfATrainedModelAddUpToItsScoresAndEqualTheReference(RankerObjective objective)
    {
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick with { Objective = objective });
        var test = RankerFixture.Planted(users: 10, seed: 7, missingRate: 0.3f);
        var scores = RankerFixture.Scores(model, test);
        var contributions = new double[model.FeatureNames.Count];

        Assert.True(model.HasContributions);
        for (var r = 0; r < test.Rows; r++)
        {
            model.Contributions(test.Row(r), contributions);
            var (reference, expected) = TreeShapReference.Contributions(model.Shap!, test.Row(r));

            var total = model.ExpectedScore + contributions.Sum();
            Assert.True(Math.Abs(total - scores[r]) <= 1e-5 * (1 + Math.Abs(scores[r])), $"row {r}: bias + contributions {total}, score {scores[r]}");
            Assert.Equal(expected, model.ExpectedScore, 9);
            for (var f = 0; f < contributions.Length; f++)
            {
                Assert.True(Math.Abs(contributions[f] - reference[f]) <= 1e-9, $"row {r} {model.FeatureNames[f]}: fast {contributions[f]}, reference {reference[f]}");
            }
        }
    }

    [Fact]
    public void TheSignalFeaturesCarryTheContributionsOfATrainedModel()
    {
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick);
        var test = RankerFixture.Planted(users: 20, seed: 8);
        var contributions = new double[model.FeatureNames.Count];
        var magnitude = new double[contributions.Length];

        for (var r = 0; r < test.Rows; r++)
        {
            model.Contributions(test.Row(r), contributions);
            for (var f = 0; f < contributions.Length; f++)
            {
                magnitude[f] += Math.Abs(contributions[f]);
            }
        }

        var ranked = Enumerable.Range(0, magnitude.Length).OrderByDescending(f => magnitude[f]).Select(f => model.FeatureNames[f]).ToArray();
        Assert.Equal(["signal_a", "signal_b"], ranked.Take(2).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFeatureNoTreeSplitsOnGetsExactlyZero()
    {
        // LightGBM cannot split on a constant column.
        string[] names = [.. RankerFixture.Names, "constant"];
        var table = RankerFixture.Planted(names: names);
        for (var r = 0; r < table.Rows; r++)
        {
            table.Row(r)[^1] = 0.5f;
        }

        var model = RankerFixture.Train(table, RankerFixture.Quick);
        var contributions = new double[names.Length];

        Assert.Equal(0, model.Importance().Single(f => f.Feature == "constant").Gain);
        for (var r = 0; r < 50; r++)
        {
            model.Contributions(table.Row(r), contributions);
            Assert.Equal(0.0, contributions[^1]);
            Assert.Contains(contributions, c => c != 0);
        }
    }

    [Fact]
    public void LeafCoversOfATrainedModelCountEveryTrainingRowOncePerTree()
    {
        var table = RankerFixture.Planted();
        var model = RankerFixture.Train(table, RankerFixture.Quick);
        var shap = model.Shap!;
        var covers = shap.LeafCovers.ToArray();
        var (nodes, roots, _, _, _) = shap.Trees;

        foreach (var root in roots)
        {
            Assert.Equal(table.Rows, LeavesUnder(root).Sum(leaf => covers[leaf]));
        }

        // LightGBM never grows a leaf no training row reaches. (It checks MinRowsPerLeaf against counts it estimates
        // from the hessians, so a leaf can hold a few rows fewer than that.)
        Assert.All(covers, c => Assert.True(c > 0, $"a leaf of {c} rows"));

        IEnumerable<int> LeavesUnder(int reference) => reference < 0
            ? [~reference]
            : LeavesUnder(nodes[reference].Left).Concat(LeavesUnder(nodes[reference].Right));
    }

    [Fact]
    public void TopContributionsAreTheLargestPositiveContributionsWithTheirValues()
    {
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick);
        var test = RankerFixture.Planted(users: 5, seed: 10);
        var contributions = new double[model.FeatureNames.Count];

        for (var r = 0; r < test.Rows; r++)
        {
            var row = test.Row(r).ToArray();
            model.Contributions(row, contributions);
            var top = model.TopContributions(row, 2);

            var expected = Enumerable.Range(0, contributions.Length).Where(f => contributions[f] > 0)
                .OrderByDescending(f => contributions[f]).Take(2).ToArray();
            Assert.Equal(expected.Select(f => model.FeatureNames[f]), top.Select(t => t.Feature));
            Assert.Equal(expected.Select(f => contributions[f]), top.Select(t => t.Contribution));
            Assert.Equal(expected.Select(f => row[f]), top.Select(t => t.Value));
        }
    }

    [Fact]
    public void ContributionsAllocateNothingOnceWarm()
    {
        var model = RankerFixture.Train(RankerFixture.Planted(), RankerFixture.Quick);
        var row = RankerFixture.Planted(users: 1, seed: 9).Row(0).ToArray();
        var contributions = new double[row.Length];
        model.Contributions(row, contributions);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            model.Contributions(row, contributions);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ANegativeOrNaNCoverIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new TreeShap(s_tree, [1, -1, 1]));
        Assert.Throws<ArgumentException>(() => new TreeShap(s_tree, [1, double.NaN, 1]));
        Assert.Throws<ArgumentException>(() => new TreeShap(s_tree, [1, 1]));
    }

    /// <summary>Random trees over few features (so features repeat along a path), some leaves with no rows.</summary>
    private static (TreeEnsembleScorer Scorer, double[] Covers) RandomEnsemble(Random random, int trees, int features)
    {
        var nodes = new List<TreeEnsembleScorer.Node>();
        var leaves = new List<double>();
        var covers = new List<double>();
        var roots = new int[trees];
        for (var t = 0; t < trees; t++)
        {
            roots[t] = Grow(0);
        }

        return (new TreeEnsembleScorer([.. nodes], roots, [.. leaves]), [.. covers]);

        int Grow(int depth)
        {
            if (depth >= 5 || (depth > 0 && random.Next(4) == 0))
            {
                leaves.Add(Math.Round((random.NextDouble() * 4) - 2, 3));
                covers.Add(random.Next(5) == 0 ? 0 : random.Next(1, 50));
                return ~(leaves.Count - 1);
            }

            var index = nodes.Count;
            nodes.Add(default);
            var feature = random.Next(features);
            var threshold = (float)Math.Round((random.NextDouble() * 2) - 1, 2);
            var left = Grow(depth + 1);
            var right = Grow(depth + 1);
            nodes[index] = new TreeEnsembleScorer.Node(feature, threshold, left, right);
            return index;
        }
    }

    private static float[] RandomRow(Random random, int features) =>
        [.. Enumerable.Range(0, features).Select(_ => random.Next(8) == 0 ? float.NaN : (float)((random.NextDouble() * 2) - 1))];

    private static float Score(TreeEnsembleScorer scorer, float[] row)
    {
        var score = new float[1];
        scorer.Score(row, row.Length, score);
        return score[0];
    }
}
