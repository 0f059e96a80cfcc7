using Encore.Core.Linalg;
using Encore.Core.Models.Als;

namespace Encore.Core.Tests.Models.Als;

public sealed class AlsRetrievalTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NormPrunedRecommendAllEqualsBruteForce(bool filterAlreadyHeard)
    {
        Assert.SkipUnless(TileScorer.IsSupported(SimdWidth.Vector512), "needs AVX-512");
        var matrix = AlsFixtures.CheckerboardWithDiagonalWithheld(70);
        var pruned = new AlsRecommender(AlsFixtures.Small() with { Retrieval = AlsRetrieval.NormPruned });
        var brute = new AlsRecommender(AlsFixtures.Small() with { Retrieval = AlsRetrieval.BruteForce });
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
