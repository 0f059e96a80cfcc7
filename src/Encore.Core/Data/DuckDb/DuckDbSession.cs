using System.Data;
using System.Data.Common;
using DuckDB.NET.Data;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// An in-process DuckDB database (in memory, spilling to a temp folder) with the few calls Encore needs.
/// This folder is the only place that knows about DuckDB.NET.
/// </summary>
public sealed class DuckDbSession : IDisposable
{
    private readonly DuckDBConnection _connection;

    /// <param name="memoryLimit">DuckDB's memory_limit, e.g. "6GB"; null keeps DuckDB's default (80% of RAM).</param>
    /// <param name="threads">Worker threads; null keeps DuckDB's default (all cores).</param>
    /// <param name="tempDirectory">Where DuckDB spills when over the memory limit; null keeps the default.</param>
    public DuckDbSession(string? memoryLimit = null, int? threads = null, string? tempDirectory = null)
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        if (memoryLimit is not null)
        {
            Execute($"SET memory_limit = {Sql.Literal(memoryLimit)}");
        }

        if (threads is not null)
        {
            Execute($"SET threads = {threads.Value}");
        }

        if (tempDirectory is not null)
        {
            Execute($"SET temp_directory = {Sql.Literal(tempDirectory)}");
        }
    }

    /// <summary>Runs a statement and returns the number of rows it changed (DuckDB's count for COPY too).</summary>
    public long Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs a long statement that <paramref name="cancellationToken"/> can interrupt: cancelling asks DuckDB to
    /// stop the running query, which then ends with <see cref="OperationCanceledException"/>.
    /// </summary>
    public long ExecuteCancellable(string sql, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var registration = cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
        try
        {
            return command.ExecuteNonQuery();
        }
        catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The DuckDB query was interrupted.", cancellationToken);
        }
    }

    /// <summary>Runs a query that returns one value.</summary>
    public T Scalar<T>(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query and maps each row.</summary>
    public List<T> Query<T>(string sql, Func<IDataRecord, T> map)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Runs a query and streams its rows to <paramref name="read"/> through a forward-only reader.</summary>
    public void Read(string sql, Action<DbDataReader> read)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        read(reader);
    }

    /// <summary>The native connection, for <see cref="DuckDbChunks"/>.</summary>
    internal DuckDB.NET.Native.DuckDBNativeConnection NativeConnection => _connection.NativeConnection;

    public void Dispose() => _connection.Dispose();
}

/// <summary>SQL text helpers for DuckDB.</summary>
public static class Sql
{
    /// <summary>A single-quoted string literal (paths, settings).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A double-quoted identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
