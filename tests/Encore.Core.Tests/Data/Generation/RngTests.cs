using Encore.Core.Data.Generation;

namespace Encore.Core.Tests.Data.Generation;

public sealed class RngTests
{
    [Fact]
    public void SameKeyGivesTheSameStream()
    {
        var a = Rng.Create(42, RngStream.Users, 17);
        var b = Rng.Create(42, RngStream.Users, 17);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Fact]
    public void NeighbouringIndexesGiveDifferentStreams()
    {
        var a = Rng.Create(42, RngStream.Users, 17);
        var b = Rng.Create(42, RngStream.Users, 18);
        var c = Rng.Create(42, RngStream.Catalog, 17);
        var first = a.NextUInt64();
        Assert.NotEqual(first, b.NextUInt64());
        Assert.NotEqual(first, c.NextUInt64());
    }

    [Fact]
    public void NextIntStaysInRangeAndCoversIt()
    {
        var rng = Rng.Create(1, RngStream.Catalog, 0);
        var seen = new bool[7];
        for (var i = 0; i < 10_000; i++)
        {
            seen[rng.NextInt(7)] = true;
            Assert.InRange(rng.NextInt(3, 5), 3, 5);
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void NextIndexFollowsTheIncrementsOfTheRunningSum()
    {
        var rng = Rng.Create(5, RngStream.Catalog, 0);
        double[] cumulative = [1, 1, 4];
        var counts = new int[3];
        for (var i = 0; i < 40_000; i++)
        {
            counts[rng.NextIndex(cumulative)]++;
        }

        Assert.Equal(0, counts[1]);
        Assert.InRange(counts[0] / 40_000.0, 0.23, 0.27);
    }
}
