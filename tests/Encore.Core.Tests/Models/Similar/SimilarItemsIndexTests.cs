using Encore.Core.Models.Similar;

namespace Encore.Core.Tests.Models.Similar;

public sealed class SimilarItemsIndexTests
{
    private static readonly SimilarItemsIndex s_index = SimilarItemsIndex.FromCsr(
        [4, 7, 9], [0, 2, 2, 3], [7, 9, 4], [0.75, 0.5, 0.25]);

    [Fact]
    public void LookupsReturnEachItemsNeighboursWithTheirScores()
    {
        Assert.Equal([7, 9], s_index.NeighboursOf(4));
        Assert.Equal([0.75, 0.5], s_index.ScoresOf(4));
        Assert.Equal([4], s_index.NeighboursOf(9));
        Assert.Equal(3, s_index.ItemCount);
        Assert.Equal(3, s_index.PairCount);
    }

    [Fact]
    public void AnUnknownItemOrOneWithoutNeighboursHasAnEmptyList()
    {
        Assert.True(s_index.NeighboursOf(5).IsEmpty);
        Assert.True(s_index.ScoresOf(5).IsEmpty);
        Assert.Equal(-1, s_index.IndexOf(5));
        Assert.True(s_index.NeighboursOf(7).IsEmpty);
    }

    [Fact]
    public void FromCsrRejectsItemsOutOfOrderAndNaNScores()
    {
        Assert.Throws<ArgumentException>(() => SimilarItemsIndex.FromCsr([7, 4], [0, 1, 2], [4, 7], [1, 1]));
        Assert.Throws<ArgumentException>(() => SimilarItemsIndex.FromCsr([4], [0, 1], [7], [double.NaN]));
        Assert.Throws<ArgumentException>(() => SimilarItemsIndex.FromCsr([4], [0, 2], [7], [1]));
    }
}
