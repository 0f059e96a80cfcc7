using System.Data.Common;
using System.Globalization;

namespace Encore.Core.Data.DuckDb;

/// <summary>A raw file that passed <see cref="RawParquetInspector.Inspect"/>.</summary>
/// <param name="Path">The file's path, as DuckDB reads it.</param>
/// <param name="DisplayPath">The path as the user gave it, for messages.</param>
/// <param name="Rows">Rows in the file, from the Parquet footer.</param>
/// <param name="ColumnTypes">DuckDB type of each required column.</param>
internal sealed record RawFileInfo(string Path, string DisplayPath, long Rows, IReadOnlyDictionary<string, string> ColumnTypes)
{
    /// <summary>The file as a DuckDB table expression.</summary>
    public string Table => $"read_parquet({Sql.Literal(Path)})";
}

/// <summary>
/// Checks a raw file against <see cref="RawSchema"/> before any work: that it exists and is Parquet, has
/// every column with an acceptable type, has rows, holds no NULL in a scalar column and no id too wide for
/// int32 where one is needed. Every failure is an <see cref="EncoreException"/> naming the file and column.
/// </summary>
internal static class RawParquetInspector
{
    // Integer types whose every value fits int32; wider ones get a min/max check when the id must fit.
    private static readonly HashSet<string> s_narrowIntegers =
        new(["TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT"], StringComparer.Ordinal);

    private static readonly HashSet<string> s_wideIntegers =
        new(["BIGINT", "UINTEGER", "UBIGINT"], StringComparer.Ordinal);

    private static readonly HashSet<string> s_timestamps = new(
        ["DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE"],
        StringComparer.Ordinal);

    /// <summary>DuckDB's name of a zoned timestamp, which needs an explicit conversion to UTC.</summary>
    public const string ZonedTimestamp = "TIMESTAMP WITH TIME ZONE";

    public static RawFileInfo Inspect(DuckDbSession session, string rawDirectory, RawFile file)
    {
        var displayPath = System.IO.Path.Combine(rawDirectory, file.FileName);
        var path = System.IO.Path.GetFullPath(displayPath);
        if (!File.Exists(path))
        {
            throw new EncoreException($"{displayPath}: file not found.");
        }

        var literal = Sql.Literal(path);
        long rows;
        Dictionary<string, string> types;
        try
        {
            rows = session.Scalar<long>($"SELECT CAST(num_rows AS BIGINT) FROM parquet_file_metadata({literal})");
            types = session.Query($"DESCRIBE SELECT * FROM read_parquet({literal})",
                    r => (Name: r.GetString(0), Type: r.GetString(1)))
                .ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        }
        catch (DbException e)
        {
            throw new EncoreException($"{displayPath}: not a readable Parquet file ({DuckDbErrors.Describe(e)}).", e);
        }

        var required = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in file.Columns)
        {
            if (!types.TryGetValue(column.Name, out var type))
            {
                throw new EncoreException(
                    $"{displayPath}: missing column '{column.Name}' ({column.ExpectedType}); the file has {string.Join(", ", types.Keys.Select(k => $"'{k}'"))}.");
            }

            if (!Accepts(column.Kind, type))
            {
                throw new EncoreException($"{displayPath}: column '{column.Name}' has type {type}, expected {column.ExpectedType}.");
            }

            required[column.Name] = type;
        }

        if (rows == 0)
        {
            throw new EncoreException($"{displayPath}: file has no rows.");
        }

        var info = new RawFileInfo(path, displayPath, rows, required);
        CheckNoNulls(session, info, file);
        CheckInt32Ranges(session, info, file);
        return info;
    }

    /// <summary>Whether a DuckDB type is an integer type whose values all fit int32.</summary>
    public static bool IsNarrowInteger(string duckDbType) => s_narrowIntegers.Contains(duckDbType);

    private static bool Accepts(RawColumnKind kind, string type) => kind switch
    {
        RawColumnKind.IntegerValue => IsInteger(type),
        RawColumnKind.IntegerList => type.EndsWith("[]", StringComparison.Ordinal) && IsInteger(type[..^2]),
        RawColumnKind.Text => type == "VARCHAR",
        RawColumnKind.Timestamp => s_timestamps.Contains(type),
        _ => false,
    };

    private static bool IsInteger(string type) => s_narrowIntegers.Contains(type) || s_wideIntegers.Contains(type);

    /// <summary>
    /// A NULL id, type, name or time has no sensible repair, so it is an input error. The Parquet footer's
    /// null counts answer this without a scan; a file written without statistics gets a counting scan.
    /// </summary>
    private static void CheckNoNulls(DuckDbSession session, RawFileInfo info, RawFile file)
    {
        var literal = Sql.Literal(info.Path);
        var footer = session.Query(
                $"""
                SELECT path_in_schema, CAST(sum(stats_null_count) AS BIGINT), bool_or(stats_null_count IS NULL)
                FROM parquet_metadata({literal}) GROUP BY path_in_schema
                """,
                r => (Column: r.GetString(0), Nulls: r.IsDBNull(1) ? 0L : r.GetInt64(1), Unknown: r.GetBoolean(2)))
            .ToDictionary(c => c.Column, StringComparer.Ordinal);
        foreach (var column in file.Columns)
        {
            if (column.Kind == RawColumnKind.IntegerList)
            {
                continue;
            }

            long nulls;
            if (footer.TryGetValue(column.Name, out var stats) && !stats.Unknown)
            {
                nulls = stats.Nulls;
            }
            else
            {
                nulls = session.Scalar<long>(
                    $"SELECT count(*) FROM read_parquet({literal}) WHERE {Sql.Identifier(column.Name)} IS NULL");
            }

            if (nulls > 0)
            {
                throw new EncoreException(
                    $"{info.DisplayPath}: column '{column.Name}' has {nulls.ToString(CultureInfo.InvariantCulture)} NULL values.");
            }
        }
    }

    private static void CheckInt32Ranges(DuckDbSession session, RawFileInfo info, RawFile file)
    {
        foreach (var column in file.Columns)
        {
            if (!column.MustFitInt32 || IsNarrowInteger(info.ColumnTypes[column.Name]))
            {
                continue;
            }

            var name = Sql.Identifier(column.Name);
            // The extremes name the worst offender and, unlike "first row outside", do not depend on file order.
            var (min, max) = session.Query(
                $"SELECT CAST(min({name}) AS VARCHAR), CAST(max({name}) AS VARCHAR) FROM {info.Table}",
                r => (Min: decimal.Parse(r.GetString(0), CultureInfo.InvariantCulture),
                      Max: decimal.Parse(r.GetString(1), CultureInfo.InvariantCulture)))[0];
            var outside = max > int.MaxValue ? max : min < int.MinValue ? min : (decimal?)null;
            if (outside is not null)
            {
                throw new EncoreException(
                    $"{info.DisplayPath}: column '{column.Name}' has value {outside.Value.ToString(CultureInfo.InvariantCulture)}, outside the int32 range its ids need.");
            }
        }
    }
}
