using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Tests.Linalg;

namespace Encore.Core.Tests.Models.Als;

public sealed class AlsRetrievalTests
{
    public static readonly TheoryData<SimdWidth, bool> Cases = SimdWidths.Cross(true, false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void NormPrunedRecommendAllEqualsBruteForceAtEveryWidth(SimdWidth width, bool filterAlreadyHeard)
    {
        SimdWidths.Require(width);
        var matrix = AlsFixtures.CheckerboardWithDiagonalWithheld(70);
        var pruned = new AlsRecommender(AlsFixtures.Small() with { Retrieval = AlsRetrieval.NormPruned }) { Width = width };
        var brute = new AlsRecommender(AlsFixtures.Small() with { Retrieval = AlsRetrieval.BruteForce }) { Width = width };
        pruned.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        brute.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);

        var expected = brute.RecommendAll(12, filterAlreadyHeard, cancellationToken: TestContext.Current.CancellationToken);
        var actual = pruned.RecommendAll(12, filterAlreadyHeard, cancellationToken: TestContext.Current.CancellationToken);

        for (var u = 0; u < matrix.Rows; u++)
        {
            Assert.Equal(expected.Items(u).ToArray(), actual.Items(u).ToArray());
            Assert.Equal(expected.Scores(u).ToArray(), actual.Scores(u).ToArray());
        }
    }

    [Fact]
    public void UnknownRetrievalIsRejectedNamingTheParameter()
    {
        var error = Assert.Throws<EncoreException>(() => new AlsOptions { Retrieval = (AlsRetrieval)7 }.Validate());

        Assert.Contains("'retrieval'", error.Message, StringComparison.Ordinal);
    }
}
