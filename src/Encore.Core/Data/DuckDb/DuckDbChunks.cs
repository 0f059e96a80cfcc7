using DuckDB.NET.Native;

namespace Encore.Core.Data.DuckDb;

/// <summary>One chunk (up to 2,048 rows) of a streamed result: each column is a flat native array read in place.</summary>
internal readonly unsafe ref struct DuckDbChunk
{
    private readonly DuckDBDataChunk _chunk;

    public DuckDbChunk(DuckDBDataChunk chunk, int size)
    {
        _chunk = chunk;
        Size = size;
    }

    public int Size { get; }

    public ReadOnlySpan<int> Int32(int column) => new(Data(column), Size);

    public ReadOnlySpan<long> Int64(int column) => new(Data(column), Size);

    public ReadOnlySpan<double> Double(int column) => new(Data(column), Size);

    /// <summary>A VARCHAR column's values as UTF-8 bytes, read in place.</summary>
    public DuckDbStrings Strings(int column) => new((byte*)Data(column), Size);

    /// <summary>The first row whose value in <paramref name="column"/> is NULL, or -1.</summary>
    public int FirstNull(int column)
    {
        var validity = NativeMethods.Vectors.DuckDBVectorGetValidity(NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, column));
        if (validity == null)
        {
            return -1;
        }

        for (var row = 0; row < Size; row++)
        {
            if ((validity[row >> 6] & (1UL << (row & 63))) == 0)
            {
                return row;
            }
        }

        return -1;
    }

    private void* Data(int column) =>
        NativeMethods.Vectors.DuckDBVectorGetData(NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, column));
}

/// <summary>
/// The values of a VARCHAR vector. Each is a 16-byte <c>duckdb_string_t</c>: a 4-byte length, then the bytes
/// themselves when they fit in 12, else a 4-byte prefix and a pointer to them.
/// </summary>
internal readonly unsafe ref struct DuckDbStrings
{
    private const int InlineLength = 12;
    private readonly byte* _values;

    public DuckDbStrings(byte* values, int count)
    {
        _values = values;
        Count = count;
    }

    public int Count { get; }

    /// <summary>Row <paramref name="row"/>'s bytes; valid until the chunk is released.</summary>
    public ReadOnlySpan<byte> this[int row]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
            var value = _values + (row * 16);
            var length = *(int*)value;
            return length <= InlineLength ? new ReadOnlySpan<byte>(value + 4, length) : new ReadOnlySpan<byte>(*(byte**)(value + 8), length);
        }
    }
}

/// <summary>Receives one chunk of a streamed result.</summary>
internal delegate void DuckDbChunkAction(DuckDbChunk chunk);

/// <summary>
/// Streams a query's result chunk by chunk through DuckDB's C API, so fixed-width columns are copied straight from
/// DuckDB's vectors: no per-value calls and no materialised result. 33M (user, item, rank) rows stream in well under
/// the time the ADO.NET reader needs, with DuckDB's Parquet decoding running on its own threads meanwhile.
/// </summary>
internal static class DuckDbChunks
{
    /// <param name="session">The session to run in.</param>
    /// <param name="sql">A query whose columns have the fixed-width types the caller reads.</param>
    /// <param name="source">The file the query reads, for error messages.</param>
    /// <param name="action">Called for every chunk, in result order.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <exception cref="EncoreException">The query fails; the message names <paramref name="source"/>.</exception>
    public static void Stream(DuckDbSession session, string sql, string source, DuckDbChunkAction action, CancellationToken cancellationToken)
    {
        using var prepared = Prepare(session, sql, source);
        if (NativeMethods.PreparedStatements.DuckDBExecutePreparedStreaming(prepared, out var result) != DuckDBState.Success)
        {
            var error = NativeMethods.Query.DuckDBResultError(ref result);
            NativeMethods.Query.DuckDBDestroyResult(ref result);
            throw DuckDbErrors.Unreadable(source, error);
        }

        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var chunk = NativeMethods.StreamingResult.DuckDBStreamFetchChunk(result);
                if (chunk.IsInvalid)
                {
                    var error = NativeMethods.Query.DuckDBResultError(ref result);
                    if (!string.IsNullOrEmpty(error))
                    {
                        throw DuckDbErrors.Unreadable(source, error);
                    }

                    return;
                }

                var size = (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
                if (size == 0)
                {
                    return;
                }

                action(new DuckDbChunk(chunk, size));
            }
        }
        finally
        {
            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    private static DuckDBPreparedStatement Prepare(DuckDbSession session, string sql, string source)
    {
        if (NativeMethods.PreparedStatements.DuckDBPrepare(session.NativeConnection, sql, out var prepared) != DuckDBState.Success)
        {
            var error = NativeMethods.PreparedStatements.DuckDBPrepareError(prepared);
            prepared.Dispose();
            throw DuckDbErrors.Unreadable(source, error);
        }

        return prepared;
    }
}
