using Encore.Core.Data;
using Encore.Core.Data.Reports.Charts;

namespace Encore.Core.Tests.Data.Reports;

public sealed class LogBinsTests
{
    [Fact]
    public void TenBinsPerDecadeRoundToWholeCountEdgesAndKeepEmptyBinsBetweenValues()
    {
        // Edges ⌈10^(k/10)⌉: 1, 2, 2, 2, 3, 4, 4, 6, 7, 8, 10, 13 → distinct 1, 2, 3, 4, 6, 7, 8, 10, 13.
        var bins = LogBins.Build(
            [new CountFrequency(1, 5), new CountFrequency(5, 2), new CountFrequency(9, 1), new CountFrequency(12, 3)], 10);

        Assert.Equal(
            [
                new CountBin(1, 2, 5), new CountBin(2, 3, 0), new CountBin(3, 4, 0), new CountBin(4, 6, 2),
                new CountBin(6, 7, 0), new CountBin(7, 8, 0), new CountBin(8, 10, 1), new CountBin(10, 13, 3),
            ],
            bins);
    }

    [Fact]
    public void BinsStartAtTheSmallestValueAndEndAtTheLargest()
    {
        var bins = LogBins.Build([new CountFrequency(5, 1), new CountFrequency(100, 4)], 1);

        Assert.Equal([new CountBin(1, 10, 1), new CountBin(10, 100, 0), new CountBin(100, 1000, 4)], bins);
    }

    [Fact]
    public void ExactPowersOfTenAreEdgesDespiteFloatingPointNoise()
    {
        var bins = LogBins.Build([new CountFrequency(999, 1), new CountFrequency(1000, 1)], 5);

        Assert.Equal(new CountBin(631, 1000, 1), bins[^2]);
        Assert.Equal(new CountBin(1000, 1585, 1), bins[^1]);
    }

    [Fact]
    public void NoValuesGiveNoBins() => Assert.Empty(LogBins.Build([], 10));
}
