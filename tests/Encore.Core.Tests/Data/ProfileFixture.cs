using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data;

/// <summary>Writes prepared-data Parquet files (items, events, genres) from SQL VALUES lists.</summary>
internal static class ProfileFixture
{
    public const string ItemColumns = "item_id, name, albums, artists, genres, genre_ids";
    public const string EventColumns = "user_id, item_id, started_at";
    public const string GenreColumns = "genre_id, name, items_count, score";

    /// <summary>
    /// Five items: 10 Alpha (Ann; pop), 20 Beta (Bob, Cid; pop, rock), 30 Gamma (Cid; rock, blues),
    /// 40 Delta (Dee; jazz), 50 Never (Eve; pop), which nobody plays.
    /// </summary>
    public const string Items = """
        (10::INTEGER, 'Alpha', ['A1'], ['Ann'], ['pop'], [1::INTEGER]),
        (20, 'Beta', ['A2'], ['Bob', 'Cid'], ['pop', 'rock'], [1, 2]),
        (30, 'Gamma', ['A3'], ['Cid'], ['blues', 'rock'], [5, 2]),
        (40, 'Delta', ['A4'], ['Dee'], ['jazz'], [3]),
        (50, 'Never', ['A5'], ['Eve'], ['pop'], [1])
        """;

    /// <summary>
    /// Nine events of four users in January and March 2022 (none in February). Plays: 20 → 4 (user 3 twice, so
    /// 3 listeners), 10 → 3, 30 → 1, 40 → 1; 40 is listed before 30 so the tie must be broken by item_id.
    /// Listens: user 1 → 3, user 2 → 2, user 3 → 3, user 4 → 1.
    /// </summary>
    public const string Events = """
        (3::INTEGER, 40::INTEGER, TIMESTAMP '2022-03-05'),
        (1, 10, TIMESTAMP '2022-01-05'),
        (1, 20, TIMESTAMP '2022-01-06'),
        (1, 30, TIMESTAMP '2022-03-01'),
        (2, 10, TIMESTAMP '2022-01-10'),
        (2, 20, TIMESTAMP '2022-03-02'),
        (3, 20, TIMESTAMP '2022-03-03'),
        (3, 20, TIMESTAMP '2022-03-04'),
        (4, 10, TIMESTAMP '2022-03-09')
        """;

    /// <summary>Genre plays: pop 7, rock 5, blues 1, jazz 1, folk 0; blues (5) is listed before jazz (3).</summary>
    public const string Genres = """
        (1::INTEGER, 'pop', 3::BIGINT, 0.375::DOUBLE),
        (2, 'rock', 2, 0.25),
        (5, 'blues', 1, 0.125),
        (3, 'jazz', 1, 0.125),
        (4, 'folk', 0, 0.0)
        """;

    public const string NoEvents =
        "SELECT 1::INTEGER AS user_id, 1::INTEGER AS item_id, TIMESTAMP '2022-01-01' AS started_at WHERE false";

    public static void Write(string directory, string items = Items, string events = Events, string genres = Genres)
    {
        WriteSelect(Path.Combine(directory, FileNames.Items), Values(items, ItemColumns));
        WriteSelect(Path.Combine(directory, FileNames.Events), events.StartsWith("SELECT", StringComparison.Ordinal) ? events : Values(events, EventColumns));
        WriteSelect(Path.Combine(directory, FileNames.GenresTable), Values(genres, GenreColumns));
    }

    public static void WriteSelect(string path, string select)
    {
        using var session = new DuckDbSession();
        session.Execute($"COPY ({select}) TO {Sql.Literal(path)} (FORMAT parquet)");
    }

    public static string Values(string rows, string columns) => $"SELECT * FROM (VALUES {rows}) t({columns})";
}
