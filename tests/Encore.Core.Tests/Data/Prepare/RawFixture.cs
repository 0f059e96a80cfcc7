using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data.Prepare;

/// <summary>
/// Tiny raw files with every kind of dirt the real data has (docs/seed.md §1), written as Parquet by DuckDB.
/// Expected results are worked out by hand in the tests; each table's SQL can be swapped for a dirty variant.
/// </summary>
public sealed class RawFixture
{
    /// <summary>
    /// Ids repeat across types (1 is an album, an artist, a genre and a track). Genre 4 shares the name
    /// "pop" with genre 2. No title for track 40.
    /// </summary>
    public const string Catalog = """
        SELECT CAST(id AS BIGINT) AS id, type, name FROM (VALUES
            (1, 'album', 'Zeta Album'), (2, 'album', 'Alpha Album'),
            (1, 'artist', 'Artist One'), (2, 'artist', 'Artist Two'),
            (1, 'genre', 'rock'), (2, 'genre', 'pop'), (3, 'genre', 'jazz'), (4, 'genre', 'pop'),
            (1, 'track', 'Track One'), (10, 'track', 'Song Ten'), (20, 'track', 'Song Twenty'),
            (30, 'track', 'Song Thirty'), (50, 'track', 'Song Fifty'), (60, 'track', 'Song Sixty'),
            (70, 'track', 'Song Seventy')
        ) t(id, type, name)
        """;

    /// <summary>
    /// 10: duplicates and an unknown genre (99). 20, 50, 60: an empty or NULL list, removed. 30: only
    /// unknown genres, kept with an empty list. 1: an unknown artist (77). 40: no title. 70: genres 2 and 4
    /// share a name.
    /// </summary>
    public const string Tracks = """
        SELECT CAST(track_id AS BIGINT) AS track_id, CAST(albums AS BIGINT[]) AS albums,
               CAST(artists AS BIGINT[]) AS artists, CAST(genres AS BIGINT[]) AS genres
        FROM (VALUES
            (10, [1, 2, 2], [2, 1], [2, 1, 99]),
            (20, [], [1], [1]),
            (30, [1], [1], [99, 98]),
            (1, [2], [77], [3]),
            (40, [1], [1], [1]),
            (50, [1], [], [1]),
            (60, [1], [1], NULL),
            (70, [2], [2], [4, 2])
        ) t(track_id, albums, artists, genres)
        """;

    /// <summary>
    /// Users 5, 7 and 3. Track 999 is absent from tracks; 20 and 50 are removed tracks. User 3's seq 10
    /// comes before seq 7 in the file, on the same day, and has the smaller track id, so only track_seq
    /// orders them right. User 7 listens only from the split date on.
    /// </summary>
    public const string Interactions = """
        SELECT CAST(user_id AS INTEGER) AS user_id, CAST(track_id AS INTEGER) AS track_id,
               CAST(track_seq AS SMALLINT) AS track_seq, CAST(started_at AS TIMESTAMP_NS) AS started_at
        FROM (VALUES
            (5, 10, 1, DATE '2022-12-01'), (5, 20, 2, DATE '2022-12-02'), (5, 30, 3, DATE '2022-12-03'),
            (5, 1, 4, DATE '2022-12-05'), (5, 999, 5, DATE '2022-12-06'), (5, 40, 6, DATE '2022-12-10'),
            (5, 10, 7, DATE '2022-12-17'),
            (7, 40, 1, DATE '2022-12-20'), (7, 10, 2, DATE '2022-12-21'), (7, 50, 3, DATE '2022-12-22'),
            (7, 30, 4, DATE '2022-12-16'),
            (3, 1, 1, DATE '2022-11-30'), (3, 20, 4, DATE '2022-12-01'),
            (3, 10, 10, DATE '2022-12-02'), (3, 40, 7, DATE '2022-12-02')
        ) t(user_id, track_id, track_seq, started_at)
        """;

    public string TracksSql { get; init; } = Tracks;

    public string CatalogSql { get; init; } = Catalog;

    public string InteractionsSql { get; init; } = Interactions;

    /// <summary>Writes the three raw files into <paramref name="directory"/> (created if needed).</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        using var session = new DuckDbSession();
        Write(session, TracksSql, Path.Combine(directory, FileNames.Tracks));
        Write(session, CatalogSql, Path.Combine(directory, FileNames.CatalogNames));
        Write(session, InteractionsSql, Path.Combine(directory, FileNames.Interactions));
    }

    /// <summary>Writes one query's rows as a Parquet file.</summary>
    public static void Write(DuckDbSession session, string select, string path) =>
        session.Execute($"COPY ({select}) TO {Sql.Literal(path)} (FORMAT parquet)");
}
