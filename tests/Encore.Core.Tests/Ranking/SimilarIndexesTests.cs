using Encore.Core.Data.Interactions;
using Encore.Core.Models.Similar;
using Encore.Core.Randomness;
using Encore.Core.Ranking;

namespace Encore.Core.Tests.Ranking;

public sealed class SimilarIndexesTests
{
    /// <summary>A random index over <paramref name="ids"/>: each has up to 6 neighbours among the others, best first.</summary>
    private static SimilarItemsIndex RandomIndex(int[] ids, ulong seed)
    {
        var random = new SplitMix64(seed);
        var sources = new List<int>();
        var offsets = new List<int> { 0 };
        var neighbours = new List<int>();
        var scores = new List<double>();
        foreach (var id in ids)
        {
            if (random.NextBelow(5) == 0)
            {
                continue;
            }

            var listed = ids.Where(other => other != id).OrderBy(_ => random.NextUInt64()).Take((int)random.NextBelow(7)).ToArray();
            var score = 1.0;
            foreach (var neighbour in listed)
            {
                score -= random.NextSingle() / 10;
                neighbours.Add(neighbour);
                scores.Add(score);
            }

            sources.Add(id);
            offsets.Add(neighbours.Count);
        }

        return SimilarItemsIndex.FromCsr([.. sources], [.. offsets], [.. neighbours], [.. scores]);
    }

    private static void AssertSameLists(SimilarItemsIndex expected, SimilarItemsIndex actual)
    {
        Assert.Equal(expected.Items.ToArray(), actual.Items.ToArray());
        Assert.Equal(expected.PairCount, actual.PairCount);
        Assert.Equal(expected.MaxNeighbours, actual.MaxNeighbours);
        for (var i = 0; i < expected.ItemCount; i++)
        {
            Assert.Equal(expected.Neighbours(i).ToArray(), actual.Neighbours(i).ToArray());
            Assert.Equal(expected.Scores(i).ToArray(), actual.Scores(i).ToArray());
            Assert.Equal(i, actual.IndexOf(expected.Items[i]));
        }
    }

    [Fact]
    public void AnIndexWhoseItemsTheMapAllKnowsReadsAsItsCopyAndSharesItsScores()
    {
        // Sparse external ids, so the internal ids differ from them.
        var ids = Enumerable.Range(0, 400).Select(i => (3 * i) + 5).ToArray();
        var external = RandomIndex(ids, seed: 3);
        var items = IdMap.FromIds(ids);

        var shared = SimilarIndexes.ToInternal(external, items);

        AssertSameLists(SimilarIndexes.Copied(external, items), shared);
        Assert.Equal(items.ToInternal(external.Items[0]), shared.Items[0]);
        // The scores are the external index's own (the service holds both indexes), not a copy.
        var first = Enumerable.Range(0, external.ItemCount).First(i => external.Neighbours(i).Length > 0);
        Assert.True(shared.Scores(first).Overlaps(external.Scores(first)));
    }

    [Fact]
    public void AnIndexInTheMapsOwnIdsIsItsOwnInternalIndex()
    {
        var ids = Enumerable.Range(0, 300).ToArray();
        var external = RandomIndex(ids, seed: 5);

        Assert.Same(external, SimilarIndexes.ToInternal(external, IdMap.FromIds(ids)));
    }

    [Fact]
    public void PairsOfItemsTheMapDoesNotKnowAreDropped()
    {
        var external = SimilarItemsIndex.FromCsr([10, 20, 30], [0, 2, 4, 5], [20, 40, 10, 30, 20], [0.9, 0.8, 0.7, 0.6, 0.5]);
        var items = IdMap.FromIds([10L, 20, 30]);

        var internalIndex = SimilarIndexes.ToInternal(external, items);

        Assert.Equal([0, 1, 2], internalIndex.Items.ToArray());
        Assert.Equal([1], internalIndex.NeighboursOf(0).ToArray());
        Assert.Equal([0.9], internalIndex.ScoresOf(0).ToArray());
        Assert.Equal([0, 2], internalIndex.NeighboursOf(1).ToArray());
        Assert.Equal([1], internalIndex.NeighboursOf(2).ToArray());

        // An unknown source goes with its whole list.
        var fewer = SimilarIndexes.ToInternal(external, IdMap.FromIds([10L, 20]));
        Assert.Equal([0, 1], fewer.Items.ToArray());
        Assert.Equal([0], fewer.NeighboursOf(1).ToArray());
    }
}
