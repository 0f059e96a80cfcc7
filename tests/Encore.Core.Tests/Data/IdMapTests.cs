using Encore.Core.Data.Interactions;
using Encore.Core.Randomness;

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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DenseAndSparseIdsMapTheSameWay(bool sparse)
    {
        // Dense: 0..~6,000 with gaps (a direct table); sparse: spread over ±10¹² (a hash map).
        var random = new SplitMix64(sparse ? 7UL : 9UL);
        var ids = Enumerable.Range(0, 3000)
            .Select(i => sparse ? (long)random.NextBelow(2_000_000_000_000) - 1_000_000_000_000 : (2L * i) + (long)random.NextBelow(2))
            .ToArray();
        var map = IdMap.FromIds(ids);
        var sorted = map.ExternalIds.ToArray();
        long[] probes = [.. ids, .. ids.Select(id => id + 1), .. ids.Select(id => id - 1), long.MinValue, long.MaxValue, -1, 0, int.MaxValue + 1L];

        foreach (var probe in probes)
        {
            var expected = Array.BinarySearch(sorted, probe);
            Assert.Equal(expected >= 0, map.TryToInternal(probe, out var id));
            Assert.Equal(expected >= 0 ? expected : IdMap.Missing, id);
        }
    }

    [Fact]
    public void DenseIdsCostAboutFourBytesEachBesideTheSortedIds()
    {
        var ids = Enumerable.Range(0, 200_000).Select(i => (long)(3 * i)).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var map = IdMap.FromIds(ids);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The sorted copy (8 bytes an id) and a table of 4 bytes per slot, 3 slots an id here; a hash map took ~40.
        Assert.True(allocated < ids.Length * (8 + 12 + 4), $"{allocated:N0} bytes for {ids.Length:N0} ids");
        Assert.Equal(1000, map.ToInternal(3000));
        Assert.False(map.Contains(3001));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SparseIdsInUnevenBucketsMapAsASortedSearchDoes(int seed)
    {
        // Clusters (many ids in one bucket), a lone id far away, the extremes of long, and a single id.
        var random = new SplitMix64((ulong)seed);
        long[] ids = seed switch
        {
            1 => [.. Enumerable.Range(0, 5000).Select(i => 1_000_000L + i), .. Enumerable.Range(0, 50).Select(_ => (long)random.NextBelow(1L << 40)), 1L << 50],
            2 => [long.MinValue, long.MinValue + 1, -1, 0, 1, long.MaxValue - 1, long.MaxValue],
            _ => [123_456_789_012L],
        };
        var map = IdMap.FromIds(ids);
        var sorted = map.ExternalIds.ToArray();
        long[] probes = [.. ids, .. ids.Select(id => unchecked(id + 1)), .. ids.Select(id => unchecked(id - 1)), long.MinValue, long.MaxValue, 0, 999_999, 1L << 49];

        foreach (var probe in probes)
        {
            var expected = Array.BinarySearch(sorted, probe);
            Assert.Equal(expected >= 0, map.TryToInternal(probe, out var id));
            Assert.Equal(expected >= 0 ? expected : IdMap.Missing, id);
        }
    }

    [Fact]
    public void SparseIdsCostAboutFourBytesEachBesideTheSortedIds()
    {
        // Track ids as the full-scale catalogue has them: ~1M spread over ~100M.
        var random = new SplitMix64(3);
        var ids = Enumerable.Range(0, 200_000).Select(_ => (long)random.NextBelow(20_000_000)).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var map = IdMap.FromIds(ids);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The copy that is sorted and the distinct ids (8 bytes an id each) and under one bucket start (4 bytes) per
        // id, with room to spare; the frozen hash map took ~20 bytes an id more.
        Assert.True(allocated < ids.Length * (8 + 8 + 6), $"{allocated:N0} bytes for {ids.Length:N0} ids");
        Assert.Equal(map.ExternalIds.ToArray().Length - 1, map.ToInternal(map.ExternalIds[^1]));
    }
}
