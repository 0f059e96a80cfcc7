using Encore.Core.Data.Interactions;

namespace Encore.Core.Tests.Data.Interactions;

/// <summary>An <see cref="IdMap"/> of string ids: ids 0..n-1 that know their original text, in both directions.</summary>
public sealed class IdMapOriginalsTests
{
    [Fact]
    public void IdIOfAMapOfOriginalsIsTheIthStringAndItsOwnExternalId()
    {
        var map = IdMap.FromOriginals(["Alice", "bob", "b10bbbc8-0000-4000-8000-00000000000b"]);

        Assert.True(map.HasOriginals);
        Assert.Equal(["Alice", "bob", "b10bbbc8-0000-4000-8000-00000000000b"], Enumerable.Range(0, map.Count).Select(map.ToOriginal));
        Assert.True(map.TryFromOriginal("b10bbbc8-0000-4000-8000-00000000000b", out var id));
        Assert.Equal(2, id);
        Assert.Equal([0L, 1L, 2L], map.ExternalIds.ToArray());
        Assert.Equal((1, 2L), (map.ToInternal(1), map.ToExternal(2)));
        Assert.True(map.Contains(0));
        Assert.False(map.Contains(3));
        Assert.False(map.TryToInternal(-1, out _));
    }

    [Fact]
    public void OriginalsAreMatchedExactly()
    {
        var map = IdMap.FromOriginals(["Alice"]);

        Assert.False(map.TryFromOriginal("alice", out var id));
        Assert.Equal(IdMap.Missing, id);
        Assert.False(map.TryFromOriginal(" Alice", out _));
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("a", "")]
    public void ARepeatedOrEmptyOriginalIsRefused(string first, string second) =>
        Assert.Throws<ArgumentException>(() => IdMap.FromOriginals([first, second]));

    [Fact]
    public void AMapOfIntegerIdsHasNoOriginals()
    {
        var map = IdMap.FromIds(new long[] { 30, 10 });

        Assert.False(map.HasOriginals);
        Assert.False(map.TryFromOriginal("10", out _));
        Assert.Throws<InvalidOperationException>(() => map.ToOriginal(0));
    }
}
