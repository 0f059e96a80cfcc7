using Encore.Core.Data.Interactions;

namespace Encore.Core.Tests.Data;

public sealed class IdMapTests
{
    [Fact]
    public void InternalIdsFollowSortedDistinctExternalIds()
    {
        var map = IdMap.FromIds([50L, 7L, 50L, 1_000_000_000_000L, -3L]);
        Assert.Equal(4, map.Count);
        Assert.Equal([-3L, 7L, 50L, 1_000_000_000_000L], map.ExternalIds.ToArray());
        Assert.Equal(2, map.ToInternal(50));
        Assert.Equal(7L, map.ToExternal(1));
    }

    [Fact]
    public void SpanMappingThrowsOnUnknownIdUnderThrowPolicy()
    {
        var map = IdMap.FromIds([1L, 2L]);
        var destination = new int[2];
        var e = Assert.Throws<EncoreException>(() => map.ToInternal([1L, 9L], destination, MissingIdPolicy.Throw));
        Assert.Contains("9", e.Message);
    }

    [Fact]
    public void SpanMappingMarksUnknownIdsUnderSkipPolicy()
    {
        var map = IdMap.FromIds([1L, 2L]);
        var destination = new int[3];
        var missing = map.ToInternal([2L, 9L, 1L], destination, MissingIdPolicy.Skip);
        Assert.Equal(1, missing);
        Assert.Equal([1, IdMap.Missing, 0], destination);
    }

    [Fact]
    public void MatrixFromExternalIdsDropsEventsWithUnknownIdsUnderSkip()
    {
        var users = IdMap.FromIds([10L, 20L]);
        var items = IdMap.FromIds([5L, 6L, 7L]);
        var m = InteractionMatrix.Build(
            users, items, [10L, 20L, 30L, 20L], [7L, 5L, 5L, 99L], default, InteractionValues.PlayCount, MissingIdPolicy.Skip);
        Assert.Equal(2, m.Nnz);
        Assert.Equal(1f, m.Get(0, 2));
        Assert.Equal(1f, m.Get(1, 0));
    }
}
