using System.Data.Common;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// One Parquet file opened for reading through DuckDB: checks that it exists, reads its schema once, and
/// phrases every problem as an <see cref="EncoreException"/> that names the file and the column.
/// </summary>
internal sealed class ParquetSource
{
    private readonly Dictionary<string, string> _types;

    private ParquetSource(string path, Dictionary<string, string> types)
    {
        Path = path;
        _types = types;
        From = $"read_parquet({Sql.Literal(path)})";
    }

    public string Path { get; }

    /// <summary>The table expression to put after FROM.</summary>
    public string From { get; }

    /// <exception cref="EncoreException">The file is missing or is not Parquet.</exception>
    public static ParquetSource Open(DuckDbSession session, string path)
    {
        if (!File.Exists(path))
        {
            throw new EncoreException($"{path}: file not found.");
        }

        // A session that reads this file (DuckDbSession.ForFile) names it in any error already; this names it for a
        // general-purpose session too.
        try
        {
            var types = session.Query(
                    $"DESCRIBE SELECT * FROM read_parquet({Sql.Literal(path)})",
                    r => (Name: r.GetString(0), Type: r.GetString(1)))
                .ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
            return new ParquetSource(path, types);
        }
        catch (DbException e)
        {
            throw DuckDbErrors.Unreadable(path, DuckDbErrors.Describe(e), e);
        }
    }

    public static bool IsInteger(string type) => type is "INTEGER" or "SMALLINT" or "TINYINT";

    public static bool IsNumber(string type) =>
        IsInteger(type) || type is "BIGINT" or "DOUBLE" or "FLOAT" or "REAL" || type.StartsWith("DECIMAL", StringComparison.Ordinal);

    public bool Has(string column) => _types.ContainsKey(column);

    /// <exception cref="EncoreException">The column is missing or its type fails <paramref name="ok"/>.</exception>
    public void Require(string column, Func<string, bool> ok, string expected)
    {
        if (!_types.TryGetValue(column, out var type))
        {
            throw new EncoreException($"{Path}: column '{column}' is missing.");
        }

        if (!ok(type))
        {
            throw new EncoreException($"{Path}: column '{column}' has type {type}, expected {expected}.");
        }
    }

    /// <summary>An int32 id column (int8/int16 widen losslessly).</summary>
    public void RequireInt32(string column) => Require(column, IsInteger, "INTEGER");

    /// <exception cref="EncoreException">The file has more rows than one array can hold.</exception>
    public int CountRows(DuckDbSession session)
    {
        var count = session.Scalar<long>($"SELECT count(*) FROM {From}");
        if (count > Array.MaxLength)
        {
            throw new EncoreException($"{Path}: {count:N0} rows are more than one process can hold ({Array.MaxLength:N0}).");
        }

        return (int)count;
    }

    /// <summary>Fails naming the first of <paramref name="columns"/> that holds a NULL (one scan for all).</summary>
    public void RejectNulls(DuckDbSession session, params string[] columns)
    {
        var counts = string.Join(", ", columns.Select(c => $"count(*) FILTER (WHERE {Sql.Identifier(c)} IS NULL)"));
        var nulls = session.Query($"SELECT {counts} FROM {From}", r =>
        {
            var values = new long[columns.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = r.GetInt64(i);
            }

            return values;
        })[0];
        for (var i = 0; i < columns.Length; i++)
        {
            if (nulls[i] > 0)
            {
                throw new EncoreException($"{Path}: column '{columns[i]}' has {nulls[i]:N0} NULL values.");
            }
        }
    }
}
