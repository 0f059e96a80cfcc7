using Encore.Core.Data.Interactions;

namespace Encore.Core.Tests.Data.Interactions;

/// <summary>
/// <see cref="StableKey"/> is a storage format (the event store keeps string sets' events under it): these values
/// must never change. Each is (XXH64(UTF-8, seed 0) &gt;&gt; 2) | 2^62, the hash as <c>xxhsum -H1</c> prints it.
/// </summary>
public sealed class StableKeyTests
{
    [Theory]
    [InlineData("", 8922113331946732134)] // xxhsum: ef46db3751d8e999
    [InlineData("a", 8400252603017141142)] // d24ec4f1a98c6e5b
    [InlineData("abc", 5849906799399780966)] // 44bc2cf5ad770999
    [InlineData("alice", 6694876351457630226)] // 73a3ea485f2e6049
    [InlineData("b10bbbc8-5f8e-4c2e-9b6a-1f2d3c4b5a69", 5515895702028654915)] // 323197aa8616650e
    [InlineData("Ünïcødé ♫", 5208695089497941661)] // 2124025923629a75 (the UTF-8 bytes)
    public void KnownIdsHaveTheirPinnedKeys(string original, long key) => Assert.Equal(key, StableKey.Of(original));

    [Fact]
    public void AnIdLongerThanTheStackBufferHasTheKeyOfItsBytes()
    {
        // 1,000 × "ab" (2,000 bytes, encoded in a rented buffer): xxhsum -H1 gives ae94bfb323be0856.
        var original = string.Concat(Enumerable.Repeat("ab", 1000));

        Assert.Equal(unchecked((long)((0xae94bfb323be0856UL >> 2) | (1UL << 62))), StableKey.Of(original));
    }

    [Fact]
    public void KeysLieAboveEveryIntegerSetIdAndDependOnlyOnTheText()
    {
        string[] originals = ["alice", "Alice", "alice ", "0", "2147483647", "-1"];

        var keys = originals.Select(StableKey.Of).ToArray();

        Assert.All(keys, key => Assert.InRange(key, StableKey.Min, long.MaxValue));
        Assert.All(keys, key => Assert.True(StableKey.IsKey(key)));
        Assert.Equal(originals.Length, keys.Distinct().Count());
        Assert.Equal(keys, originals.Select(o => StableKey.Of(new string(o.AsSpan()))));
        Assert.False(StableKey.IsKey(int.MaxValue));
        Assert.False(StableKey.IsKey(long.MinValue));
    }
}
