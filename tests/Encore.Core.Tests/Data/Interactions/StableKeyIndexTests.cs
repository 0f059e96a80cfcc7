using Encore.Core.Data.Interactions;

namespace Encore.Core.Tests.Data.Interactions;

/// <summary><see cref="StableKeyIndex"/>: a string map's ids found by the stable keys of their originals.</summary>
public sealed class StableKeyIndexTests
{
    [Fact]
    public void EachOriginalsKeyFindsItsIdAndOtherKeysFindNone()
    {
        string[] originals = ["mbid:b", "mbid:a", "mbid:c", "aaaa"];
        var map = IdMap.FromOriginals(originals);

        var index = map.StableKeys;

        Assert.Equal(4, index.Count);
        Assert.Equal((4 * 12) + (5 * 4), index.Bytes); // 4 keys and ids, a directory of 4 slots + 1
        for (var i = 0; i < originals.Length; i++)
        {
            Assert.True(index.TryGet(StableKey.Of(originals[i]), out var id));
            Assert.Equal(i, id);
        }

        Assert.False(index.TryGet(StableKey.Of("mbid:d"), out var missing));
        Assert.Equal(IdMap.Missing, missing);
        Assert.False(index.TryGet(3, out _));
        Assert.Same(index, map.StableKeys);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(20_000)]
    public void EveryIdOfAMapIsFoundByItsKeyAndNoOtherKeyFindsOne(int count)
    {
        var originals = Enumerable.Range(0, count).Select(i => $"user-{i:D6}").ToArray();
        var index = StableKeyIndex.Of(IdMap.FromOriginals(originals));

        for (var i = 0; i < count; i++)
        {
            Assert.True(index.TryGet(StableKey.Of(originals[i]), out var id));
            Assert.Equal(i, id);
        }

        Assert.All(Enumerable.Range(count, 1000).Select(i => StableKey.Of($"user-{i:D6}")), key => Assert.False(index.TryGet(key, out _)));
        Assert.False(index.TryGet(StableKey.Min, out _));
        Assert.False(index.TryGet(long.MaxValue, out _));
        Assert.False(index.TryGet(-1, out _));
        Assert.False(index.TryGet(long.MinValue, out _));
    }

    [Fact]
    public void TheSameOriginalFindsItsIdInEachMapWhateverNumberItHasThere()
    {
        var before = IdMap.FromOriginals(["bob", "carol"]);
        var retrained = IdMap.FromOriginals(["aaaa", "bob", "carol"]);

        Assert.True(before.StableKeys.TryGet(StableKey.Of("carol"), out var was));
        Assert.True(retrained.StableKeys.TryGet(StableKey.Of("carol"), out var now));

        Assert.Equal((1, 2), (was, now));
    }

    [Fact]
    public void KeysThatTwoIdsShareFindNeither()
    {
        // A 62-bit collision cannot be found by search; the index is given one directly.
        var index = StableKeyIndex.FromKeys([StableKey.Min + 7, StableKey.Min + 3, StableKey.Min + 7, StableKey.Min + 9, StableKey.Min + 7]);

        Assert.Equal(2, index.Count);
        Assert.False(index.TryGet(StableKey.Min + 7, out _));
        Assert.True(index.TryGet(StableKey.Min + 3, out var first));
        Assert.True(index.TryGet(StableKey.Min + 9, out var second));
        Assert.Equal((1, 3), (first, second));
    }

    [Fact]
    public void AMapOfIntegerIdsHasNoStableKeys()
    {
        var map = IdMap.FromIds([5L, 9L]);

        Assert.Throws<InvalidOperationException>(() => map.StableKeys);
        Assert.Throws<ArgumentException>(() => StableKeyIndex.Of(map));
    }
}
