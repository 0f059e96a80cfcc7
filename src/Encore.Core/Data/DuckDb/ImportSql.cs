using System.Text;
using Encore.Core.Data.Import;

namespace Encore.Core.Data.DuckDb;

/// <summary>A delimited file as DuckDB reads it: path, separator and whether line 1 is a header.</summary>
internal sealed record CsvSource(string Path, char Separator, bool Header)
{
    /// <summary>
    /// read_csv with the sniffer off and every column typed VARCHAR, so no value is ever guessed into a type:
    /// the checks below cast each one and name the line of the first that fails. Tab-separated files are read
    /// without quoting (Last.fm's artists.dat has names like <c>"Weird Al" Yankovic</c>); CSV keeps RFC 4180 quotes.
    /// </summary>
    public string Read(IReadOnlyList<string> columns)
    {
        var types = new StringBuilder();
        foreach (var column in columns)
        {
            types.Append(types.Length == 0 ? "" : ", ").Append(Sql.Literal(column)).Append(": 'VARCHAR'");
        }

        return $"read_csv({Sql.Literal(Path)}, delim = {Sql.Literal(Separator.ToString())}, header = {Bool(Header)}, " +
            $"quote = {Quote}, escape = {Quote}, auto_detect = false, columns = {{{types}}})";
    }

    /// <summary>The same file with DuckDB's sniffer, only to learn the column names.</summary>
    public string Sniff() =>
        $"read_csv({Sql.Literal(Path)}, delim = {Sql.Literal(Separator.ToString())}, header = {Bool(Header)}, " +
        $"quote = {Quote}, escape = {Quote}, all_varchar = true)";

    /// <summary>The 1-based file line of data row <c>row</c> (1-based), for messages.</summary>
    public long LineOf(long row) => row + (Header ? 1 : 0);

    private string Quote => Separator == '\t' ? "''" : "'\"'";

    private static string Bool(bool value) => value ? "true" : "false";
}

/// <summary>
/// How an id column of the log becomes int ids: cast as it is (<paramref name="Map"/> null), or looked up in the map
/// table of its distinct strings.
/// </summary>
/// <param name="Alias">The column's alias in the loaded table.</param>
/// <param name="Map">The map table (<c>id</c> INTEGER, <c>original</c> VARCHAR), or null for integer ids.</param>
internal sealed record ImportIds(string Alias, string? Map)
{
    public static ImportIds Integer(string alias) => new(alias, null);

    /// <summary>The int id of a row of the loaded table (aliased <c>e</c>).</summary>
    public string Expression => Map is null ? $"CAST(trim(e.{Alias}) AS INTEGER)" : $"{Alias}_map.id";

    /// <summary>The join that <see cref="Expression"/> needs; empty for integer ids.</summary>
    public string Join => Map is null ? "" : $" JOIN {Map} {Alias}_map ON {Alias}_map.original = trim(e.{Alias})";
}

/// <summary>The statements of <see cref="ImportPipeline"/>: load as text, check each column, write Parquet.</summary>
internal static class ImportSql
{
    /// <summary>
    /// Loads <paramref name="columns"/> (file name → alias) of <paramref name="source"/> as text, numbering the rows
    /// in file order (the scan preserves insertion order) so a bad value can be reported by line.
    /// </summary>
    public static string Load(string table, CsvSource source, IReadOnlyList<string> fileColumns, IReadOnlyList<(string Column, string Alias)> columns)
    {
        var select = new StringBuilder("row_number() OVER () AS row_no");
        foreach (var (column, alias) in columns)
        {
            select.Append(", ").Append(Sql.Identifier(column)).Append(" AS ").Append(alias);
        }

        return $"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select} FROM {source.Read(fileColumns)}";
    }

    /// <summary>The first row whose <paramref name="alias"/> is not an int32 integer: (row, value or NULL).</summary>
    public static string FirstNonInteger(string table, string alias) =>
        $"SELECT row_no, {alias} FROM {table} WHERE TRY_CAST(trim({alias}) AS INTEGER) IS NULL ORDER BY row_no LIMIT 1";

    /// <summary>Rows whose <paramref name="alias"/> is neither blank nor an int32: any makes the column one of string ids.</summary>
    public static string CountNonBlankNonInteger(string table, string alias) =>
        $"SELECT count(*) FROM {table} WHERE coalesce(trim({alias}), '') <> '' AND TRY_CAST(trim({alias}) AS INTEGER) IS NULL";

    /// <summary>The first row whose <paramref name="alias"/> is missing or blank.</summary>
    public static string FirstBlank(string table, string alias) =>
        $"SELECT row_no, {alias} FROM {table} WHERE coalesce(trim({alias}), '') = '' ORDER BY row_no LIMIT 1";

    /// <summary>
    /// The map table of a column of string ids: each distinct trimmed value gets id 0..n-1 in ordinal (byte) order,
    /// so the ids depend only on the set of values.
    /// </summary>
    public static string CreateIdMap(string table, string alias, string mapTable) =>
        $"""
        CREATE OR REPLACE TEMP TABLE {mapTable} AS
        SELECT CAST(row_number() OVER (ORDER BY original) - 1 AS INTEGER) AS id, original
        FROM (SELECT DISTINCT trim({alias}) AS original FROM {table})
        """;

    /// <summary>user_ids.parquet or item_ids.parquet: the map table with the file's column names, by id.</summary>
    public static string WriteIdMap(string mapTable, IdMapFile file, string path) =>
        $"""
        COPY (
            SELECT id AS {Sql.Identifier(file.IdColumn)}, original AS {Sql.Identifier(file.OriginalColumn)}
            FROM {mapTable} ORDER BY id
        ) TO {Sql.Literal(path)} (FORMAT parquet, COMPRESSION zstd)
        """;

    /// <summary>The first row whose weight is not a finite number above 0 as a float.</summary>
    public static string FirstBadWeight(string table, string alias) =>
        $"""
        SELECT row_no, {alias} FROM {table}
        WHERE coalesce(NOT isfinite(TRY_CAST(trim({alias}) AS FLOAT)) OR TRY_CAST(trim({alias}) AS FLOAT) <= 0, true)
        ORDER BY row_no LIMIT 1
        """;

    /// <summary>Rows whose time is not a number (then the column is read as ISO dates instead of Unix seconds).</summary>
    public static string CountNonNumeric(string table, string alias) =>
        $"SELECT count(*) FROM {table} WHERE TRY_CAST(trim({alias}) AS DOUBLE) IS NULL";

    /// <summary>
    /// The first row whose time cannot become a timestamp: Unix seconds outside years 1–9999 (milliseconds land
    /// there), or text that is not an ISO date/time.
    /// </summary>
    public static string FirstBadTime(string table, string alias, ImportTimeKind kind) => kind switch
    {
        ImportTimeKind.UnixSeconds =>
            $"""
            SELECT row_no, {alias} FROM {table}
            WHERE NOT (CAST(trim({alias}) AS DOUBLE) BETWEEN {MinUnixSeconds} AND {MaxUnixSeconds})
            ORDER BY row_no LIMIT 1
            """,
        _ =>
            $"SELECT row_no, {alias} FROM {table} WHERE TRY_CAST(trim({alias}) AS TIMESTAMPTZ) IS NULL ORDER BY row_no LIMIT 1",
    };

    /// <summary>
    /// events.parquet in prepare's schema (plus <c>weight</c> FLOAT when given), sorted by user, time, item and
    /// weight: a total order over the written columns, so the bytes never depend on the input's line order.
    /// </summary>
    public static string WriteEvents(string table, ImportIds users, ImportIds items, ImportTimeKind time, bool weights, string path)
    {
        var weight = weights ? $", CAST(trim(e.w) AS FLOAT) AS {Columns.Weight}" : "";
        var weightOrder = weights ? $", {Columns.Weight}" : "";
        return $"""
            COPY (
                SELECT {users.Expression} AS {Columns.UserId},
                       {items.Expression} AS {Columns.ItemId},
                       {StartedAt(time)} AS {Columns.StartedAt}{weight}
                FROM {table} e{users.Join}{items.Join}
                ORDER BY {Columns.UserId}, {Columns.StartedAt}, {Columns.ItemId}{weightOrder}
            ) TO {Sql.Literal(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
            """;
    }

    /// <summary>
    /// items.parquet in prepare's schema: every item of the log, named from the names table when there is one
    /// (the smallest name when an id is listed twice, "" when it is not listed), with empty album, artist and
    /// genre lists. Sorted by item_id.
    /// </summary>
    public static string WriteItems(string eventsTable, ImportIds items, string? namesTable, string path)
    {
        var names = namesTable is null
            ? "(SELECT NULL::INTEGER AS id, NULL::VARCHAR AS name WHERE false)"
            : items.Map is null
                ? $"(SELECT CAST(trim(id) AS INTEGER) AS id, min(name) AS name FROM {namesTable} GROUP BY 1)"
                : $"(SELECT m.id, min(n.name) AS name FROM {namesTable} n JOIN {items.Map} m ON m.original = trim(n.id) GROUP BY 1)";
        return $"""
            COPY (
                SELECT e.item AS {Columns.ItemId},
                       coalesce(n.name, '') AS {Columns.Name},
                       []::VARCHAR[] AS {Columns.Albums},
                       []::VARCHAR[] AS {Columns.Artists},
                       []::VARCHAR[] AS {Columns.Genres},
                       []::INTEGER[] AS {Columns.GenreIds}
                FROM (SELECT DISTINCT {items.Expression} AS item FROM {eventsTable} e{items.Join}) e
                LEFT JOIN {names} n ON n.id = e.item
                ORDER BY e.item
            ) TO {Sql.Literal(path)} (FORMAT parquet, COMPRESSION zstd)
            """;
    }

    /// <summary>Events, users, items, first and last started_at of the written events.parquet.</summary>
    public static string CountEvents(string eventsPath) =>
        $"""
        SELECT count(*), count(DISTINCT {Columns.UserId}), count(DISTINCT {Columns.ItemId}),
               min({Columns.StartedAt}), max({Columns.StartedAt})
        FROM read_parquet({Sql.Literal(eventsPath)})
        """;

    /// <summary>Items of the written items.parquet with a non-empty name.</summary>
    public static string CountNamedItems(string itemsPath) =>
        $"SELECT count(*) FROM read_parquet({Sql.Literal(itemsPath)}) WHERE {Columns.Name} <> ''";

    // 0001-01-01 and 9999-12-31 23:59:59 UTC: the TIMESTAMP range.
    private const string MinUnixSeconds = "-62135596800";
    private const string MaxUnixSeconds = "253402300799";

    private static string StartedAt(ImportTimeKind time) => time switch
    {
        // make_timestamp(µs) is plain UTC wall time, whatever the machine's zone.
        ImportTimeKind.UnixSeconds => "make_timestamp(CAST(round(CAST(trim(e.t) AS DOUBLE) * 1000000) AS BIGINT))",
        // The session runs in UTC (see ImportPipeline), so a time without an offset is read as UTC.
        ImportTimeKind.IsoDateTime => "timezone('UTC', CAST(trim(e.t) AS TIMESTAMPTZ))",
        _ => "TIMESTAMP '1970-01-01 00:00:00'",
    };
}
