using Encore.Core.Data;

namespace Encore.Core.Tests.Data;

public sealed class CountDistributionTests
{
    [Fact]
    public void QuantilesMatchNumpyLinearInterpolation()
    {
        // Values 1, 2, 2, 2, 5, 10, 10, 40 (n = 8); numpy.percentile gives 2, 3.5, 10, 19, 37.9.
        var summary = CountDistribution.FromFrequencies(
            [new CountFrequency(1, 1), new CountFrequency(2, 3), new CountFrequency(5, 1), new CountFrequency(10, 2), new CountFrequency(40, 1)]);

        Assert.Equal(8, summary.Count);
        Assert.Equal(2, summary.P25, 12);
        Assert.Equal(3.5, summary.Median, 12);
        Assert.Equal(10, summary.P75, 12);
        Assert.Equal(19, summary.P90, 12);
        Assert.Equal(37.9, summary.P99, 12);
        Assert.Equal(9, summary.Mean, 12);
        Assert.Equal(Math.Sqrt(1190.0 / 7), summary.Std, 12);
    }

    [Fact]
    public void NoValuesGiveAllZeros()
    {
        Assert.Equal(CountDistribution.Empty, CountDistribution.FromFrequencies([]));
        Assert.Equal(0, CountDistribution.Empty.Std);
    }

    [Fact]
    public void OneValueHasZeroStandardDeviationRatherThanNaN()
    {
        var summary = CountDistribution.FromFrequencies([new CountFrequency(7, 1)]);

        Assert.Equal((7.0, 7.0, 7.0, 0.0), (summary.Min, summary.Median, summary.Max, summary.Std));
    }

    [Fact]
    public void UnsortedOrNonPositiveFrequenciesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => CountDistribution.FromFrequencies([new CountFrequency(3, 1), new CountFrequency(2, 1)]));
        Assert.Throws<ArgumentException>(() => CountDistribution.FromFrequencies([new CountFrequency(3, 0)]));
    }
}
