namespace Encore.Core.Tests.Data.Prepare;

/// <summary>Harmless widenings and other time units give the same prepared files as the seed's types.</summary>
public sealed class RawTypeWideningTests
{
    private const string NarrowTracks = $"""
        SELECT CAST(track_id AS INTEGER) AS track_id, CAST(albums AS INTEGER[]) AS albums,
               CAST(artists AS SMALLINT[]) AS artists, CAST(genres AS INTEGER[]) AS genres
        FROM ({RawFixture.Tracks})
        """;

    private const string WideCatalog = $"SELECT CAST(id AS INTEGER) AS id, type, name FROM ({RawFixture.Catalog})";

    [Theory]
    [InlineData("CAST(user_id AS BIGINT)", "CAST(track_id AS BIGINT)", "CAST(started_at AS DATE)")]
    [InlineData("CAST(user_id AS SMALLINT)", "track_id", "CAST(started_at AS TIMESTAMP)")]
    [InlineData("user_id", "track_id", "CAST(CAST(started_at AS TIMESTAMP) AS TIMESTAMP_MS)")]
    [InlineData("user_id", "track_id", "timezone('UTC', CAST(started_at AS TIMESTAMP))")]
    public void WidenedIdsAndOtherTimeTypesGiveTheSameEvents(string userId, string trackId, string startedAt)
    {
        using var dir = new TempDirectory();
        var expected = PreparedFiles.Create(new RawFixture(), dir.Combine("seed")).Events();
        var fixture = new RawFixture
        {
            TracksSql = NarrowTracks,
            CatalogSql = WideCatalog,
            InteractionsSql = $"SELECT {userId} AS user_id, {trackId} AS track_id, CAST(track_seq AS BIGINT) AS track_seq, {startedAt} AS started_at FROM ({RawFixture.Interactions})",
        };
        var widened = PreparedFiles.Create(fixture, dir.Combine("widened"));
        Assert.Equal(expected, widened.Events());
        Assert.Equal(PreparedFiles.Create(new RawFixture(), dir.Combine("seed2")).Items(), widened.Items(), ItemRowComparer.Instance);
    }

    [Fact]
    public void ZonedTimesAreTakenInUtc()
    {
        using var dir = new TempDirectory();
        var fixture = new RawFixture
        {
            // 2022-12-16 01:00 at +03:00 is 2022-12-15 22:00 UTC: train, not test.
            InteractionsSql = """
                SELECT 1::INTEGER AS user_id, 10::INTEGER AS track_id, 1::SMALLINT AS track_seq,
                       TIMESTAMPTZ '2022-12-16 01:00:00+03' AS started_at
                """,
        };
        var files = PreparedFiles.Create(fixture, dir.Path);
        Assert.Equal([new EventRow(1, 10, new DateTime(2022, 12, 15, 22, 0, 0))], files.Events());
        Assert.Equal(1, files.Summary.Split.TrainEvents);
    }

    /// <summary>Compares items by value: records holding arrays compare arrays by reference.</summary>
    private sealed class ItemRowComparer : IEqualityComparer<ItemRow>
    {
        public static readonly ItemRowComparer Instance = new();

        public bool Equals(ItemRow? x, ItemRow? y) =>
            x is not null && y is not null && x.ItemId == y.ItemId && x.Name == y.Name
            && x.Albums.SequenceEqual(y.Albums) && x.Artists.SequenceEqual(y.Artists)
            && x.Genres.SequenceEqual(y.Genres) && x.GenreIds.SequenceEqual(y.GenreIds);

        public int GetHashCode(ItemRow obj) => obj.ItemId;
    }
}
