using Encore.Core.Data.Interactions;
using Encore.Core.Models.Similar;

namespace Encore.Core.Tests.Models.Similar;

public sealed class GenreItemSimilarityTests : ItemSimilarityContractTests
{
    // Items × genres: 0 {g0}, 1 {g0, g1}, 2 {g0}, 3 {g2}, 4 {g1} (no listens). N = 5, df = 3, 2, 1.
    private static readonly int[] ItemOf = [0, 1, 1, 2, 3, 4];
    private static readonly int[] GenreOf = [0, 0, 1, 0, 2, 1];
    private static readonly long[] Plays = [5, 2, 7, 1, 0];
    private static readonly int[] Candidates = [0, 1, 2, 3];

    // idf = ln((1 + 5) / (1 + df)) + 1; cos(item0, item1) = idf0 / √(idf0² + idf1²).
    private const double Idf0 = 1.4054651081081644;
    private const double Idf1 = 1.6931471805599454;
    private const double Idf2 = 2.09861228866811;
    private const float Cos01 = 0.6387105775654869f;

    protected override int NonCandidate => 4;

    protected override IItemSimilarity CreateFitted()
    {
        var model = new GenreItemSimilarity();
        model.Fit(SparseMatrix.FromTriplets(5, 3, ItemOf, GenreOf), Plays, Candidates);
        return model;
    }

    [Fact]
    public void IdfIsSmoothedLogInverseDocumentFrequency()
    {
        var model = (GenreItemSimilarity)CreateFitted();
        Assert.Equal([Idf0, Idf1, Idf2], model.Idf.ToArray(), new Tolerance(1e-12));
    }

    [Fact]
    public void IdenticalGenreSetsAreScoredOnce()
    {
        // {g0} (items 0 and 2), {g0, g1}, {g2}.
        Assert.Equal(3, ((GenreItemSimilarity)CreateFitted()).SetCount);
    }

    [Fact]
    public void ScoresAreIdfCosineWithTiesBrokenByPlays()
    {
        var all = CreateFitted().SimilarToAll(3, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([2, 1, 3], all.Lists.Items(0).ToArray());
        Assert.Equal([1f, Cos01, 0f], all.Lists.Scores(0).ToArray(), new Tolerance(1e-6));

        // Items 0 and 2 tie at Cos01: item 2 has more plays.
        Assert.Equal([2, 0, 3], all.Lists.Items(1).ToArray());
        Assert.Equal([Cos01, Cos01, 0f], all.Lists.Scores(1).ToArray(), new Tolerance(1e-6));

        // Nothing shares g2: everything ties at 0 and popularity decides.
        Assert.Equal([2, 0, 1], all.Lists.Items(3).ToArray());
    }
}
