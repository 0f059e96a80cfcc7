using Encore.Core.Artifacts;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;

namespace Encore.Core.Tests.Artifacts;

public sealed class ArtifactReaderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void RecommendationsSortedByUserAndRankReadAsRankedLists()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Personal(dir.Combine("p.parquet"),
            "(1, 30, 0.9::DOUBLE, 1), (1, 10, 0.5, 2), (4, 20, 0.7, 1)");

        var lists = ArtifactReader.ReadRecommendations(path, Token);

        Assert.Equal([1, 4], lists.Users);
        Assert.Equal([30, 10], lists.ItemsOf(1));
        Assert.Equal([20], lists.ItemsOf(4));
    }

    [Fact]
    public void ListsWrittenFromInternalIdsReadBackAsExternalIdsWithTheirScores()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("personal_als.parquet");
        var items = IdMap.FromIds([500, 100, 300]);
        var batch = new TopKBatch(2, 3);
        int[][] rows = [[2, 0, 1], [1]];
        float[][] scores = [[0.75f, 0.5f, 0.25f], [0.125f]];
        for (var row = 0; row < rows.Length; row++)
        {
            rows[row].CopyTo(batch.ItemSlot(row));
            scores[row].CopyTo(batch.ScoreSlot(row));
            batch.SetCount(row, rows[row].Length);
        }

        RankedListsFileWriter.Write(path, Columns.UserId, Columns.ItemId, [-4L, 70L], batch, items, Token);
        var lists = ArtifactReader.ReadRecommendations(path, keepScores: true, threads: 1, Token);

        Assert.Equal(ListKind.Ranked, lists.Kind);
        Assert.Equal([-4, 70], lists.Users);
        Assert.Equal([0, 3, 4], lists.Offsets);
        Assert.Equal(rows[0].Select(i => (int)items.ToExternal(i)), lists.ItemsOf(-4).ToArray());
        Assert.Equal([(int)items.ToExternal(1)], lists.ItemsOf(70).ToArray());
        Assert.Equal([0.75, 0.5, 0.25], lists.Scores(lists.IndexOf(-4)).ToArray());
        Assert.Equal([0.125], lists.Scores(lists.IndexOf(70)).ToArray());
        Assert.False(ArtifactReader.ReadRecommendations(path, Token).HasScores);
    }

    [Fact]
    public void RecommendationsInAnyOrderAreRankedByTheRankColumn()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Personal(dir.Combine("p.parquet"),
            "(4, 20, 0.7::DOUBLE, 1), (1, 10, 0.5, 2), (1, 30, 0.9, 1), (4, 21, 0.1, 2)");

        var lists = ArtifactReader.ReadRecommendations(path, Token);

        Assert.Equal([1, 4], lists.Users);
        Assert.Equal([30, 10], lists.ItemsOf(1));
        Assert.Equal([20, 21], lists.ItemsOf(4));
    }

    [Fact]
    public void RecommendationsWithoutARankColumnAreRankedByScore()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Write(dir.Combine("p.parquet"),
            "SELECT * FROM (VALUES (1, 10, 0.5::DOUBLE), (1, 30, 0.9)) t(user_id, item_id, score)");

        Assert.Equal([30, 10], ArtifactReader.ReadRecommendations(path, Token).ItemsOf(1));
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("personal_als.parquet");

        var error = Assert.Throws<EncoreException>(() => ArtifactReader.ReadRecommendations(path, Token));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotParquetIsNamed()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("similar.parquet");
        File.WriteAllText(path, "not parquet");

        var error = Assert.Throws<EncoreException>(() => ArtifactReader.ReadSimilar(path, cancellationToken: Token));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Parquet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingColumnIsNamed()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Write(dir.Combine("p.parquet"), "SELECT 1 AS user_id, 2 AS item, 0.5::DOUBLE AS score");

        var error = Assert.Throws<EncoreException>(() => ArtifactReader.ReadRecommendations(path, Token));

        Assert.Contains("'item_id'", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AColumnOfTheWrongTypeIsNamed()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Write(dir.Combine("p.parquet"), "SELECT 1 AS user_id, 'x' AS item_id, 0.5::DOUBLE AS score");

        var error = Assert.Throws<EncoreException>(() => ArtifactReader.ReadRecommendations(path, Token));

        Assert.Contains("'item_id'", error.Message, StringComparison.Ordinal);
        Assert.Contains("VARCHAR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullsAreRejectedNamingTheColumn()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Personal(dir.Combine("p.parquet"), "(1, 10, NULL::DOUBLE, 1), (1, 11, 0.5, 2)");

        var error = Assert.Throws<EncoreException>(() => ArtifactReader.ReadRecommendations(path, Token));

        Assert.Contains("'score'", error.Message, StringComparison.Ordinal);
        Assert.Contains("NULL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnItemRecommendedTwiceToOneUserIsAnErrorNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Personal(dir.Combine("p.parquet"), "(1, 10, 0.9::DOUBLE, 1), (1, 10, 0.5, 2)");

        var error = Assert.Throws<EncoreException>(() => ArtifactReader.ReadRecommendations(path, Token));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("item 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SimilarReadsIntoAnIndexBestFirst()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Write(dir.Combine("similar.parquet"), """
            SELECT * FROM (VALUES (7, 3, 0.25::DOUBLE, 2), (7, 9, 0.75, 1), (3, 7, 0.5, 1))
            t(item_id_1, item_id_2, score, rank)
            """);

        var index = ArtifactReader.ReadSimilar(path, cancellationToken: Token);

        Assert.Equal([3, 7], index.Items);
        Assert.Equal([9, 3], index.NeighboursOf(7));
        Assert.Equal([0.75, 0.25], index.ScoresOf(7));
        Assert.Equal([7], index.NeighboursOf(3));
    }

    [Fact]
    public void TopPopularReadsItemsByRank()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Write(dir.Combine("top_popular.parquet"), """
            SELECT * FROM (VALUES (2, 50, 10::BIGINT), (1, 40, 12), (3, 60, 9)) t(rank, item_id, plays)
            """);

        Assert.Equal([40, 50, 60], ArtifactReader.ReadTopPopular(path));
    }

    [Fact]
    public void TopPopularWithoutARankColumnIsAnErrorNamingIt()
    {
        using var dir = new TempDirectory();
        var path = ArtifactFixture.Write(dir.Combine("top_popular.parquet"), "SELECT 40 AS item_id");

        var error = Assert.Throws<EncoreException>(() => ArtifactReader.ReadTopPopular(path));

        Assert.Contains("'rank'", error.Message, StringComparison.Ordinal);
    }
}
