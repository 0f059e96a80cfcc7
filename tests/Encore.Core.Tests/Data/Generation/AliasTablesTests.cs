using Encore.Core.Data.Generation;

namespace Encore.Core.Tests.Data.Generation;

public sealed class AliasTablesTests
{
    [Fact]
    public void SampleFrequenciesFollowTheWeights()
    {
        var builder = new AliasTablesBuilder();
        builder.Add([10, 20, 30, 40], [1.0, 2.0, 3.0, 4.0]);
        var tables = builder.Build();
        var rng = Rng.Create(1, RngStream.Catalog, 0);
        var counts = new Dictionary<int, int>();
        const int draws = 200_000;
        for (var i = 0; i < draws; i++)
        {
            var item = tables.Sample(0, ref rng);
            counts[item] = counts.GetValueOrDefault(item) + 1;
        }

        Assert.Equal([10, 20, 30, 40], counts.Keys.Order());
        Assert.InRange(counts[10] / (double)draws, 0.095, 0.105);
        Assert.InRange(counts[20] / (double)draws, 0.195, 0.205);
        Assert.InRange(counts[30] / (double)draws, 0.295, 0.305);
        Assert.InRange(counts[40] / (double)draws, 0.395, 0.405);
    }

    [Fact]
    public void ZeroWeightItemsAreNeverDrawnAndEmptySegmentsGiveMinusOne()
    {
        var builder = new AliasTablesBuilder();
        var empty = builder.Add([], []);
        var onlyZero = builder.Add([5], [0.0]);
        var mixed = builder.Add([1, 2, 3], [0.0, 1.0, 0.0]);
        var tables = builder.Build();
        var rng = Rng.Create(2, RngStream.Catalog, 0);
        Assert.Equal(-1, tables.Sample(empty, ref rng));
        Assert.Equal(-1, tables.Sample(onlyZero, ref rng));
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(2, tables.Sample(mixed, ref rng));
        }
    }

    [Fact]
    public void SegmentsAreIndependent()
    {
        var builder = new AliasTablesBuilder(capacity: 1);
        var first = builder.Add([1, 2], [1.0, 1.0]);
        var second = builder.Add([7, 8, 9], [1.0, 1.0, 1.0]);
        var tables = builder.Build();
        var rng = Rng.Create(3, RngStream.Catalog, 0);
        for (var i = 0; i < 1000; i++)
        {
            Assert.InRange(tables.Sample(first, ref rng), 1, 2);
            Assert.InRange(tables.Sample(second, ref rng), 7, 9);
        }

        Assert.Equal(3, tables.Length(second));
    }
}
