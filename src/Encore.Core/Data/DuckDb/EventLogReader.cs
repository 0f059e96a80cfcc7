namespace Encore.Core.Data.DuckDb;

/// <summary>Reads events.parquet into an <see cref="EventLog"/> with one forward scan.</summary>
/// <remarks>
/// The columns are copied chunk by chunk from DuckDB's vectors (<see cref="DuckDbChunks"/>): 69M listens at full
/// scale, read three times a pipeline (train, the ranker, evaluate), cost several seconds each through the ADO.NET
/// reader's per-value calls. DuckDB streams the rows in file order.
/// </remarks>
internal static class EventLogReader
{
    public static EventLog Read(string path, CancellationToken cancellationToken)
    {
        using var session = DuckDbSession.ForFile(path);
        var parquet = ParquetSource.Open(session, path);
        var source = parquet.From;
        parquet.RequireInt32(Columns.UserId);
        parquet.RequireInt32(Columns.ItemId);
        parquet.Require(Columns.StartedAt, t => t == "DATE" || t.StartsWith("TIMESTAMP", StringComparison.Ordinal), "TIMESTAMP");

        var count = parquet.CountRows(session);
        var users = new int[count];
        var items = new int[count];
        var days = new int[count];
        var read = 0;
        var nulls = false;
        DuckDbChunks.Stream(
            session,
            $"""
            SELECT {Columns.UserId}, {Columns.ItemId},
                   CAST(CAST({Columns.StartedAt} AS DATE) - DATE '1970-01-01' AS INTEGER)
            FROM {source}
            """,
            path,
            chunk =>
            {
                if (nulls)
                {
                    return;
                }

                if (chunk.FirstNull(0) >= 0 || chunk.FirstNull(1) >= 0 || chunk.FirstNull(2) >= 0)
                {
                    nulls = true;
                    return;
                }

                if (read + chunk.Size > count)
                {
                    throw new EncoreException($"{path}: the file changed while it was read.");
                }

                chunk.Int32(0).CopyTo(users.AsSpan(read));
                chunk.Int32(1).CopyTo(items.AsSpan(read));
                chunk.Int32(2).CopyTo(days.AsSpan(read));
                read += chunk.Size;
            },
            cancellationToken);
        if (nulls)
        {
            throw new EncoreException($"{path}: NULL values in {Columns.UserId}, {Columns.ItemId} or {Columns.StartedAt}.");
        }

        if (read != count)
        {
            throw new EncoreException($"{path}: the file changed while it was read.");
        }

        return new EventLog(users, items, days);
    }
}
