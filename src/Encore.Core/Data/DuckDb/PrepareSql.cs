using System.Globalization;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// The preprocessing rules of docs/seed.md §2 as SQL, with the flaws of §9 fixed. Each statement is one rule;
/// every output is written with a total ORDER BY so the bytes never depend on thread scheduling. Temp tables
/// hold only the small side (catalog and tracks, ~2M rows); the listens stream from Parquet to Parquet.
/// </summary>
internal static class PrepareSql
{
    private const string Album = "'" + CatalogTypes.Album + "'";
    private const string Artist = "'" + CatalogTypes.Artist + "'";
    private const string Genre = "'" + CatalogTypes.Genre + "'";
    private const string Track = "'" + CatalogTypes.Track + "'";

    /// <summary>
    /// Rule 2, lookup side: one name per (type, id), since ids repeat across types and every lookup keys on
    /// both. Should a (type, id) be listed twice, the smallest name wins, so file order never matters.
    /// </summary>
    public static string LoadCatalog(RawFileInfo catalog) =>
        $"""
        CREATE OR REPLACE TEMP TABLE catalog AS
        SELECT type, CAST(id AS BIGINT) AS id, min(name) AS name
        FROM {catalog.Table}
        GROUP BY type, id
        """;

    /// <summary>A catalog type outside album/artist/genre/track (the first, for the message), or none.</summary>
    public static string FirstUnknownCatalogType() =>
        $"SELECT type FROM catalog WHERE type NOT IN ({Album}, {Artist}, {Genre}, {Track}) ORDER BY type LIMIT 1";

    /// <summary>A genre id too wide for the int32 <c>genre_ids</c> column, or none.</summary>
    public static string FirstGenreIdOutsideInt32() =>
        $"""
        SELECT CAST(id AS VARCHAR) FROM catalog
        WHERE type = {Genre} AND (id < -2147483648 OR id > 2147483647) ORDER BY id LIMIT 1
        """;

    /// <summary>
    /// Rule 1: a track with any empty (or NULL) albums, artists or genres list is removed, as the seed's
    /// explode-then-dropna did. Lists are widened to BIGINT so every id width joins the catalog alike.
    /// </summary>
    public static string LoadTracks(RawFileInfo tracks) =>
        $"""
        CREATE OR REPLACE TEMP TABLE tracks AS
        SELECT CAST(track_id AS INTEGER) AS track_id,
               CAST(albums AS BIGINT[]) AS albums,
               CAST(artists AS BIGINT[]) AS artists,
               CAST(genres AS BIGINT[]) AS genres,
               coalesce(len(albums), 0) > 0 AND coalesce(len(artists), 0) > 0 AND coalesce(len(genres), 0) > 0 AS kept
        FROM {tracks.Table}
        """;

    /// <summary>A track id listed twice (the smallest, for the message), or none: items need unique ids.</summary>
    public static string FirstDuplicateTrackId() =>
        "SELECT track_id FROM tracks GROUP BY track_id HAVING count(*) > 1 ORDER BY track_id LIMIT 1";

    /// <summary>Raw and kept track counts.</summary>
    public static string CountTracks() =>
        "SELECT count(*), count(*) FILTER (WHERE kept) FROM tracks";

    /// <summary>
    /// Rule 2: every list element of a kept track, with its name looked up by (type, id); NULL name = unknown
    /// id. A NULL element inside a list is an unknown id too.
    /// </summary>
    public static string LoadTrackElements() =>
        $"""
        CREATE OR REPLACE TEMP TABLE track_elements AS
        SELECT e.track_id, e.type, e.id, c.name
        FROM (
            SELECT track_id, {Album} AS type, unnest(albums) AS id FROM tracks WHERE kept
            UNION ALL
            SELECT track_id, {Artist}, unnest(artists) FROM tracks WHERE kept
            UNION ALL
            SELECT track_id, {Genre}, unnest(genres) FROM tracks WHERE kept
        ) e
        LEFT JOIN catalog c ON c.type = e.type AND c.id = e.id
        """;

    /// <summary>Unknown ids per type, counted as list elements (a repeated unknown id counts each time).</summary>
    public static string CountUnknownElements() =>
        "SELECT type, count(*) FROM track_elements WHERE name IS NULL GROUP BY type ORDER BY type";

    /// <summary>
    /// Rules 2–3: unknown ids leave the lists (the seed kept them as None), and each list is de-duplicated by
    /// name. Two ids with the same name in one list collapse to the smaller id, so genre_ids stays aligned
    /// with genres and stable. A track whose every id is unknown keeps an empty list: its raw list was not
    /// empty, so rule 1 does not remove it.
    /// </summary>
    public static string LoadTrackNames() =>
        """
        CREATE OR REPLACE TEMP TABLE track_names AS
        SELECT track_id, type, name, min(id) AS id
        FROM track_elements
        WHERE name IS NOT NULL
        GROUP BY track_id, type, name
        """;

    /// <summary>Kept tracks without a title in the catalog; they get the name "".</summary>
    public static string CountMissingTitles() =>
        $"""
        SELECT count(*) FROM tracks t
        WHERE t.kept AND NOT EXISTS (SELECT 1 FROM catalog c WHERE c.type = {Track} AND c.id = t.track_id)
        """;

    /// <summary>
    /// Rules 3 and 6, items.parquet: name lists sorted by ordinal (UTF-8 byte) order; genres sorted as
    /// (name, id) pairs and split into <c>genres</c> and <c>genre_ids</c>, so genres[i] names genre_ids[i].
    /// A missing title becomes "". Sorted by item_id; list_sort beats an ordered aggregate ~3×.
    /// </summary>
    public static string WriteItems(string path) =>
        $$"""
        COPY (
            WITH lists AS (
                SELECT track_id,
                       list_sort(list(name) FILTER (WHERE type = {{Album}})) AS albums,
                       list_sort(list(name) FILTER (WHERE type = {{Artist}})) AS artists,
                       list_sort(list({'name': name, 'id': CAST(id AS INTEGER)}) FILTER (WHERE type = {{Genre}})) AS genres
                FROM track_names
                GROUP BY track_id
            )
            SELECT t.track_id AS {{Columns.ItemId}},
                   coalesce(title.name, '') AS {{Columns.Name}},
                   coalesce(l.albums, []::VARCHAR[]) AS {{Columns.Albums}},
                   coalesce(l.artists, []::VARCHAR[]) AS {{Columns.Artists}},
                   coalesce([g.name FOR g IN l.genres], []::VARCHAR[]) AS {{Columns.Genres}},
                   coalesce([g.id FOR g IN l.genres], []::INTEGER[]) AS {{Columns.GenreIds}}
            FROM tracks t
            LEFT JOIN catalog title ON title.type = {{Track}} AND title.id = t.track_id
            LEFT JOIN lists l ON l.track_id = t.track_id
            WHERE t.kept
            ORDER BY t.track_id
        ) TO {{Sql.Literal(path)}} (FORMAT parquet, COMPRESSION zstd)
        """;

    /// <summary>
    /// Rule 6, genres.parquet: the seed's genres table made deterministic. The id is the raw catalog id (the
    /// seed numbered genres in set order); items_count counts items carrying the genre; score is its share
    /// of all genre assignments. Sorted by items_count desc, then genre_id.
    /// </summary>
    public static string WriteGenres(string path) =>
        $"""
        COPY (
            SELECT {Columns.GenreId}, {Columns.Name}, {Columns.ItemsCount},
                   CAST({Columns.ItemsCount} AS DOUBLE) / sum({Columns.ItemsCount}) OVER () AS {Columns.Score}
            FROM (
                SELECT CAST(id AS INTEGER) AS {Columns.GenreId}, name AS {Columns.Name}, count(*) AS {Columns.ItemsCount}
                FROM track_names
                WHERE type = {Genre}
                GROUP BY id, name
            )
            ORDER BY {Columns.ItemsCount} DESC, {Columns.GenreId}, {Columns.Name}
        ) TO {Sql.Literal(path)} (FORMAT parquet, COMPRESSION zstd)
        """;

    /// <summary>
    /// Rules 4–5, counts only: one pass over the listens' track ids, grouped per track (~1M rows), so the
    /// counts below need no second pass over the listens.
    /// </summary>
    public static string LoadListensPerTrack(RawFileInfo interactions, int subsampleStep) =>
        $"""
        CREATE OR REPLACE TEMP TABLE listens_per_track AS
        SELECT track_id, count(*) AS listens, count(*) FILTER (WHERE {KeepsListen(subsampleStep, "track_seq")}) AS sampled
        FROM {interactions.Table}
        GROUP BY track_id
        """;

    /// <summary>
    /// Raw listens, listens of kept tracks, of removed tracks, of track ids absent from tracks, and listens of
    /// kept tracks that survive subsampling.
    /// </summary>
    public static string CountListens() =>
        """
        SELECT CAST(coalesce(sum(p.listens), 0) AS BIGINT),
               CAST(coalesce(sum(p.listens) FILTER (WHERE t.kept), 0) AS BIGINT),
               CAST(coalesce(sum(p.listens) FILTER (WHERE NOT t.kept), 0) AS BIGINT),
               CAST(coalesce(sum(p.listens) FILTER (WHERE t.track_id IS NULL), 0) AS BIGINT),
               CAST(coalesce(sum(p.sampled) FILTER (WHERE t.kept), 0) AS BIGINT)
        FROM listens_per_track p
        LEFT JOIN tracks t ON t.track_id = p.track_id
        """;

    /// <summary>
    /// Rules 4–6, events.parquet: listens of kept tracks whose track_seq survives subsampling, streamed from
    /// the raw file. Sorted by user, time, then the original track_seq (and item as a last tie-break), so
    /// the order is total. track_seq itself is not written.
    /// </summary>
    public static string WriteEvents(RawFileInfo interactions, int subsampleStep, string path)
    {
        var startedAt = StartedAt(interactions.ColumnTypes[Columns.StartedAt], "i.started_at");
        return $"""
            COPY (
                SELECT CAST(i.user_id AS INTEGER) AS {Columns.UserId},
                       CAST(i.track_id AS INTEGER) AS {Columns.ItemId},
                       {startedAt} AS {Columns.StartedAt}
                FROM {interactions.Table} i
                SEMI JOIN (SELECT track_id FROM tracks WHERE kept) k ON k.track_id = i.track_id
                WHERE {KeepsListen(subsampleStep, "i.track_seq")}
                ORDER BY i.user_id, {startedAt}, i.track_seq, i.track_id
            ) TO {Sql.Literal(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
            """;
    }

    /// <summary>
    /// Seed-spec §3 on the written events: per user, events before and from the split date; a cold user has
    /// test events and no train events. Returns train events, test events, train users, test users, cold users.
    /// </summary>
    public static string CountSplit(string eventsPath, DateOnly splitDate)
    {
        var boundary = $"TIMESTAMP '{splitDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";
        return $"""
            WITH per_user AS (
                SELECT {Columns.UserId},
                       count(*) FILTER (WHERE {Columns.StartedAt} < {boundary}) AS train,
                       count(*) FILTER (WHERE {Columns.StartedAt} >= {boundary}) AS test
                FROM read_parquet({Sql.Literal(eventsPath)})
                GROUP BY {Columns.UserId}
            )
            SELECT CAST(coalesce(sum(train), 0) AS BIGINT),
                   CAST(coalesce(sum(test), 0) AS BIGINT),
                   count(*) FILTER (WHERE train > 0),
                   count(*) FILTER (WHERE test > 0),
                   count(*) FILTER (WHERE test > 0 AND train = 0)
            FROM per_user
            """;
    }

    /// <summary>Rule 5: keep track_seq ≡ 1 (mod step), the seed's every-3rd subsample; step 1 keeps all.</summary>
    private static string KeepsListen(int subsampleStep, string trackSeq) =>
        subsampleStep == 1 ? "TRUE" : $"{trackSeq} % {subsampleStep.ToString(CultureInfo.InvariantCulture)} = 1";

    /// <summary>
    /// started_at as a plain TIMESTAMP (µs): a date becomes midnight, ns are truncated, and a zoned time is
    /// taken in UTC so the result does not depend on the machine's time zone.
    /// </summary>
    private static string StartedAt(string duckDbType, string column) =>
        duckDbType == RawParquetInspector.ZonedTimestamp
            ? $"timezone('UTC', {column})"
            : $"CAST({column} AS TIMESTAMP)";
}
