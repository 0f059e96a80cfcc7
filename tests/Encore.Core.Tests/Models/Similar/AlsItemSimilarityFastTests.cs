using Encore.Core.Linalg;
using Encore.Core.Models.Similar;
using Encore.Core.Tests.Linalg;

namespace Encore.Core.Tests.Models.Similar;

public sealed class AlsItemSimilarityFastTests
{
    private const int K = 10;

    [Theory]
    [MemberData(nameof(SimdWidths.All), MemberType = typeof(SimdWidths))]
    public void FastSearchFindsAlmostEveryExactNeighbourWithItsExactScoreAtEveryWidth(SimdWidth width)
    {
        SimdWidths.Require(width);
        var (factors, candidates) = Clustered(items: 6000, f: 16, centres: 60, seed: 1);
        var exact = Lists(factors, candidates, SimilarSearch.Exact, width);
        var fast = new AlsItemSimilarity(threads: 2, SimilarSearch.Fast) { Clusters = 80, Probes = 8, Width = width };
        fast.Fit(factors, candidates);
        var approximate = fast.SimilarToAll(K, cancellationToken: TestContext.Current.CancellationToken);

        var hits = 0;
        for (var row = 0; row < candidates.Length; row++)
        {
            var truth = exact.Lists.Items(row).ToArray();
            var found = approximate.Lists.Items(row);
            var scores = approximate.Lists.Scores(row);
            Assert.Equal(K, found.Length);
            for (var i = 0; i < found.Length; i++)
            {
                var at = Array.IndexOf(truth, found[i]);
                if (at >= 0)
                {
                    hits++;
                    Assert.Equal(exact.Lists.Scores(row)[at], scores[i]);
                }
            }
        }

        Assert.InRange(hits / (double)(candidates.Length * K), 0.98, 1.0);
        Assert.InRange(fast.Clustered!.ScoredPairs, 1, (long)candidates.Length * candidates.Length / 3);
    }

    // The scores have the same bits at every width (see TileKernel), so the clusters and lists do too.
    [Theory]
    [MemberData(nameof(SimdWidths.All), MemberType = typeof(SimdWidths))]
    public void FastSearchIsTheSameForTheSameSeedAtAnyThreadCountAndAnyWidth(SimdWidth width)
    {
        SimdWidths.Require(width);
        var (factors, candidates) = Clustered(items: 3000, f: 12, centres: 30, seed: 2);

        var one = Lists(factors, candidates, SimilarSearch.Fast, width, threads: 1, probes: 4);
        var two = Lists(factors, candidates, SimilarSearch.Fast, width, threads: 2, probes: 4);
        var otherSeed = Lists(factors, candidates, SimilarSearch.Fast, width, threads: 2, probes: 4, seed: 5);
        var scalar = Lists(factors, candidates, SimilarSearch.Fast, SimdWidth.Scalar, threads: 2, probes: 4);

        AssertSame(one, two);
        AssertSame(scalar, two);
        Assert.NotEqual(Flatten(one), Flatten(otherSeed));
    }

    [Theory]
    [MemberData(nameof(SimdWidths.All), MemberType = typeof(SimdWidths))]
    public void AutoSearchOfASmallCatalogueAndFastSearchProbingEveryClusterEqualExactAtEveryWidth(SimdWidth width)
    {
        SimdWidths.Require(width);
        var (factors, candidates) = Clustered(items: 1500, f: 16, centres: 20, seed: 3);
        var exact = Lists(factors, candidates, SimilarSearch.Exact, width);

        Assert.False(new AlsItemSimilarity(search: SimilarSearch.Auto) { Width = width }.SearchesFast(AlsItemSimilarity.AutoFastAbove));
        Assert.True(new AlsItemSimilarity(search: SimilarSearch.Auto) { Width = width }.SearchesFast(AlsItemSimilarity.AutoFastAbove + 1));
        AssertSame(exact, Lists(factors, candidates, SimilarSearch.Auto, width));
        AssertSame(exact, Lists(factors, candidates, SimilarSearch.Fast, width, probes: 40, clusters: 40));

        // Three clusters of ~500 rows: 1,500 queries take two blocks, and each probed cluster is many tiles long.
        AssertSame(exact, Lists(factors, candidates, SimilarSearch.Fast, width, probes: 3, clusters: 3));
    }

    private static SimilarItemLists Lists(
        FactorMatrix factors, int[] candidates, SimilarSearch search, SimdWidth width, int threads = 2, int probes = 0, int clusters = 0, int seed = 0)
    {
        var model = new AlsItemSimilarity(threads, search, seed) { Probes = probes, Clusters = clusters, Width = width };
        model.Fit(factors, candidates);
        return model.SimilarToAll(K, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static void AssertSame(SimilarItemLists expected, SimilarItemLists actual)
    {
        Assert.Equal(expected.Sources, actual.Sources);
        for (var row = 0; row < expected.Sources.Length; row++)
        {
            Assert.Equal(expected.Lists.Items(row).ToArray(), actual.Lists.Items(row).ToArray());
            Assert.Equal(expected.Lists.Scores(row).ToArray(), actual.Lists.Scores(row).ToArray());
        }
    }

    private static int[] Flatten(SimilarItemLists lists) =>
        Enumerable.Range(0, lists.Sources.Length).SelectMany(row => lists.Lists.Items(row).ToArray()).ToArray();

    // Item factors around random centres (as ALS factors of tracks of one genre or artist), with spread lengths;
    // every second item of the first 100 has no listens, so candidates are not all items.
    private static (FactorMatrix Factors, int[] Candidates) Clustered(int items, int f, int centres, int seed)
    {
        var random = new System.Random(seed);
        var centre = new float[centres, f];
        for (var c = 0; c < centres; c++)
        {
            for (var j = 0; j < f; j++)
            {
                centre[c, j] = (float)(random.NextDouble() - 0.5);
            }
        }

        var factors = new FactorMatrix(items, f);
        for (var i = 0; i < items; i++)
        {
            var c = random.Next(centres);
            var scale = (float)Math.Exp(random.NextDouble() * 2);
            var row = factors.Row(i);
            for (var j = 0; j < f; j++)
            {
                row[j] = (centre[c, j] + (float)((random.NextDouble() - 0.5) * 0.5)) * scale;
            }
        }

        var candidates = Enumerable.Range(0, items).Where(i => i >= 100 || i % 2 == 0).ToArray();
        return (factors, candidates);
    }
}
