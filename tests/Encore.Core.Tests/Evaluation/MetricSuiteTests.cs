using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Metrics;

namespace Encore.Core.Tests.Evaluation;

public sealed class MetricSuiteTests
{
    [Fact]
    public void SuiteDepthIsTheDeepestMetricAndValuesMatchSingleMetrics()
    {
        var suite = new MetricSuite([new Precision(2), new Recall(4), new ListCoverage()]);
        var context = MetricFixture.Context(depth: suite.Depth);

        var values = suite.Calculate(context);

        Assert.Equal(4, suite.Depth);
        Assert.Equal(["precision@2", "recall@4", "coverage"], values.Select(v => v.Name));
        Assert.Equal(new Recall(4).Calculate(context), values[1].Value);
    }

    [Fact]
    public void TwoMetricsWithOneNameAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new MetricSuite([new Mrr(5), new Mrr(5)]));

        Assert.Contains("mrr@5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AContextShallowerThanTheSuiteIsRejected()
    {
        var suite = MetricSuite.Standard([5, 10]);

        Assert.Throws<ArgumentException>(() => suite.Calculate(MetricFixture.Context(depth: 5)));
    }
}
