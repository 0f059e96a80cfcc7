using Encore.Core.Artifacts;
using Encore.Core.Serving;
using Encore.Core.Tests.Artifacts;

namespace Encore.Core.Tests.Serving;

/// <summary>
/// A set is refused on load, with one error naming the file (and the column when known), when a file is damaged or
/// breaks what train writes: lists without repeats, ranks 1..n, a popular chart that is not empty.
/// </summary>
public sealed class ServingSetValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ServingSetValidationTests()
    {
        // 3,000 users × 20 items: enough pages that damage in the middle of the file lands in data pages.
        ArtifactFixture.Write(_dir.Combine(ArtifactFiles.PersonalAls), """
            SELECT (i // 20)::INTEGER AS user_id, (1000 + i % 20)::INTEGER AS item_id, (1.0 - (i % 20) / 20.0)::DOUBLE AS score,
                   (i % 20 + 1)::INTEGER AS rank
            FROM range(60000) t(i) ORDER BY i
            """);
        ArtifactFixture.Write(
            _dir.Combine(ArtifactFiles.Similar),
            "SELECT * FROM (VALUES (10::INTEGER, 20::INTEGER, 0.8::DOUBLE, 1), (10, 30, 0.4, 2)) t(item_id_1, item_id_2, score, rank)");
        ArtifactFixture.Write(_dir.Combine(ArtifactFiles.TopPopular), "SELECT * FROM (VALUES (20::INTEGER, 1), (10, 2)) t(item_id, rank)");
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheUndamagedSetLoads()
    {
        var set = Load();

        Assert.Equal(3000, set.Offline.UserCount);
        Assert.Equal(20, set.Offline.ItemsOf(7).Length);
    }

    [Fact]
    public void ACorruptDataPageBehindAValidFooterIsANamedErrorNotADuckDbException()
    {
        var path = _dir.Combine(ArtifactFiles.PersonalAls);
        ParquetDamage.CorruptDataPages(path);

        var error = Assert.Throws<EncoreException>(Load);

        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedFileIsANamedError()
    {
        var path = _dir.Combine(ArtifactFiles.Similar);
        ParquetDamage.Truncate(path);

        var error = Assert.Throws<EncoreException>(Load);

        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicatedRowsAreRefusedNamingTheUserAndTheItem()
    {
        Personal("(1, 30, 0.9::DOUBLE, 1), (1, 30, 0.9, 1), (1, 10, 0.5, 2), (1, 10, 0.5, 2)");

        var error = Assert.Throws<EncoreException>(Load);

        Assert.Contains(ArtifactFiles.PersonalAls, error.Message, StringComparison.Ordinal);
        Assert.Contains("rank", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnItemListedTwiceUnderDifferentRanksIsRefusedNamingTheColumn()
    {
        Personal("(1, 30, 0.9::DOUBLE, 1), (1, 10, 0.5, 2), (1, 30, 0.4, 3), (2, 5, 0.1, 1)");

        var error = Assert.Throws<EncoreException>(Load);

        Assert.Contains("column 'item_id': user_id 1 lists item 30 twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnItemListedTwiceInAnUnsortedFileIsStillRefused()
    {
        Personal("(2, 5, 0.1::DOUBLE, 1), (1, 30, 0.4, 3), (1, 10, 0.5, 2), (1, 30, 0.9, 1)");

        var error = Assert.Throws<EncoreException>(Load);

        Assert.Contains("user_id 1 lists item 30 twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnsortedButWellFormedFileLoads()
    {
        Personal("(2, 5, 0.1::DOUBLE, 1), (1, 10, 0.5, 2), (1, 30, 0.9, 1)");

        Assert.Equal([30, 10], Load().Offline.ItemsOf(1).ToArray());
    }

    [Theory]
    [InlineData("(1, 30, 0.9::DOUBLE, 2), (1, 10, 0.5, 3)", "starts at rank 2")]
    [InlineData("(1, 30, 0.9::DOUBLE, 1), (1, 10, 0.5, 3)", "skip from 1 to 3")]
    public void RanksThatDoNotRunOneToNAreRefused(string rows, string problem)
    {
        Personal(rows);

        var error = Assert.Throws<EncoreException>(Load);

        Assert.Contains($"column 'rank': user_id 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyPopularChartIsRefused()
    {
        ArtifactFixture.Write(_dir.Combine(ArtifactFiles.TopPopular), "SELECT 1::INTEGER AS item_id, 1::INTEGER AS rank WHERE false");

        var error = Assert.Throws<EncoreException>(Load);

        Assert.Contains(ArtifactFiles.TopPopular, error.Message, StringComparison.Ordinal);
        Assert.Contains("no rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APopularChartWithARepeatedRankIsRefused()
    {
        ArtifactFixture.Write(_dir.Combine(ArtifactFiles.TopPopular), "SELECT * FROM (VALUES (20::INTEGER, 1), (10, 1)) t(item_id, rank)");

        var error = Assert.Throws<EncoreException>(Load);

        Assert.Contains("column 'rank'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASimilarListThatRepeatsANeighbourIsRefused()
    {
        ArtifactFixture.Write(
            _dir.Combine(ArtifactFiles.Similar),
            "SELECT * FROM (VALUES (10::INTEGER, 20::INTEGER, 0.8::DOUBLE, 1), (10, 20, 0.4, 2)) t(item_id_1, item_id_2, score, rank)");

        var error = Assert.Throws<EncoreException>(Load);

        Assert.Contains("column 'item_id_2': item_id_1 10 lists item 20 twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AColumnOfTheWrongTypeIsRefusedNamingIt()
    {
        ArtifactFixture.Write(_dir.Combine(ArtifactFiles.PersonalAls), "SELECT '1' AS user_id, 10::INTEGER AS item_id, 0.5::DOUBLE AS score, 1 AS rank");

        var error = Assert.Throws<EncoreException>(Load);

        Assert.Contains("column 'user_id' has type VARCHAR", error.Message, StringComparison.Ordinal);
    }

    // The catalogue is not what these tests damage: the parts without it load from a set that has none.
    private ServingSet Load() => ServingSetLoader.Load(_dir.Path, null, ServingParts.Recommendations | ServingParts.Similar, Token);

    private void Personal(string rows) => ArtifactFixture.Personal(_dir.Combine(ArtifactFiles.PersonalAls), rows);
}
