using Encore.Core.Reports.Charts;

namespace Encore.Core.Tests.Reports;

public sealed class LogTicksTests
{
    [Fact]
    public void WideRangesLabelOnlyPowersOfTenWithThousandsSeparators()
    {
        var ticks = LogTicks.Build(1, 20_000);

        Assert.Equal(["1", "10", "100", "1,000", "10,000"], ticks.Where(tick => tick.IsMajor).Select(tick => tick.Label));
        Assert.Equal(Math.Log10(2), ticks.First(tick => !tick.IsMajor).Position, 12);
    }

    [Fact]
    public void NarrowRangesAlsoLabelTwoAndFiveTimesEachPower()
    {
        var ticks = LogTicks.Build(1, 30);

        Assert.Equal(["1", "2", "5", "10", "20"], ticks.Where(tick => tick.IsMajor).Select(tick => tick.Label));
    }
}
