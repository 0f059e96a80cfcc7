using System.Data;
using System.Data.Common;
using DuckDB.NET.Data;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// An in-process DuckDB database (in memory, spilling to a temp folder) with the few calls Encore needs.
/// This folder is the only place that knows about DuckDB.NET.
/// </summary>
/// <remarks>
/// A session opened with <see cref="ForFile"/> reads one file, and every failure of its calls (DuckDB's own errors,
/// a value of an unexpected type, whatever else the library throws) leaves it as one <see cref="EncoreException"/>
/// naming that file (<see cref="DuckDbErrors.ReadFailure"/>): the readers need no catch of their own.
/// </remarks>
public sealed class DuckDbSession : IDisposable
{
    private readonly DuckDBConnection _connection;

    /// <param name="memoryLimit">DuckDB's memory_limit, e.g. "6GB"; null keeps DuckDB's default (80% of RAM).</param>
    /// <param name="threads">Worker threads; null keeps DuckDB's default (all cores).</param>
    /// <param name="tempDirectory">Where DuckDB spills when over the memory limit; null keeps the default.</param>
    public DuckDbSession(string? memoryLimit = null, int? threads = null, string? tempDirectory = null)
        : this(null, memoryLimit, threads, tempDirectory)
    {
    }

    private DuckDbSession(string? source, string? memoryLimit, int? threads, string? tempDirectory)
    {
        Source = source;
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

    /// <summary>The file this session reads, named by every error it throws; null for a general-purpose session.</summary>
    public string? Source { get; }

    /// <summary>A session that reads <paramref name="path"/>: every failure becomes an <see cref="EncoreException"/> naming it.</summary>
    /// <param name="path">The file the queries read.</param>
    /// <param name="threads">Worker threads; null keeps DuckDB's default (all cores).</param>
    public static DuckDbSession ForFile(string path, int? threads = null) => new(path, null, threads, null);

    /// <summary>Runs a statement and returns the number of rows it changed (DuckDB's count for COPY too).</summary>
    public long Execute(string sql) => Guard(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    });

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
    public T Scalar<T>(string sql) => Guard(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    });

    /// <summary>Runs a query and maps each row.</summary>
    public List<T> Query<T>(string sql, Func<IDataRecord, T> map) => Guard(() =>
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
    });

    /// <summary>Runs a query and streams its rows to <paramref name="read"/> through a forward-only reader.</summary>
    public void Read(string sql, Action<DbDataReader> read) => Guard(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        read(reader);
        return 0;
    });

    /// <summary>The native connection, for <see cref="DuckDbChunks"/>.</summary>
    internal DuckDB.NET.Native.DuckDBNativeConnection NativeConnection => _connection.NativeConnection;

    public void Dispose() => _connection.Dispose();

    /// <summary>Runs <paramref name="call"/>; in a session that reads a file, any failure leaves as that file's named error.</summary>
    private T Guard<T>(Func<T> call)
    {
        if (Source is null)
        {
            return call();
        }

        try
        {
            return call();
        }
        catch (Exception e) when (DuckDbErrors.ReadFailure(Source, e) is { } named)
        {
            throw named;
        }
    }
}

/// <summary>SQL text helpers for DuckDB.</summary>
public static class Sql
{
    /// <summary>A single-quoted string literal (paths, settings).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A double-quoted identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
