using Encore.Core.Reports;

namespace Encore.Core.Tests.Reports;

public sealed class ReportFormatTests
{
    [Fact]
    public void CountsUseCommaThousandsSeparators() => Assert.Equal("74,514,648", ReportFormat.Count(74_514_648));

    [Theory]
    [InlineData(7.0, "7")]
    [InlineData(2.5, "2.5")]
    [InlineData(77.678, "77.68")]
    [InlineData(41366.0, "41,366")]
    [InlineData(double.NaN, "—")]
    public void NumbersShowUpToTwoDecimalsAndNeverNaN(double value, string expected) =>
        Assert.Equal(expected, ReportFormat.Number(value));

    [Fact]
    public void PercentOfNothingIsADashRatherThanNaN()
    {
        Assert.Equal("—", ReportFormat.Percent(0, 0));
        Assert.Equal("2.21%", ReportFormat.Percent(21_716, 980_977));
    }

    [Fact]
    public void CellsEscapeMarkdownAndFlattenLineBreaks() =>
        Assert.Equal(@"a \| b \*c\* \_d\_ \[e\](f) \<g\> h", ReportFormat.Cell("a | b *c* _d_ [e](f) <g>\nh"));

    [Fact]
    public void TableRowsMustHaveOneCellPerColumn() =>
        Assert.Throws<ArgumentException>(() => new MarkdownTable("a", ">b").Row("only one"));
}
