namespace Encore.Core.Data.DuckDb;

/// <summary>Reads events.parquet into an <see cref="EventLog"/> with one forward scan.</summary>
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
        var nulls = false;
        session.Read(
            $"""
            SELECT {Columns.UserId}, {Columns.ItemId},
                   CAST(CAST({Columns.StartedAt} AS DATE) - DATE '1970-01-01' AS INTEGER)
            FROM {source}
            """,
            reader =>
            {
                var i = 0;
                while (reader.Read())
                {
                    if (reader.IsDBNull(0) || reader.IsDBNull(1) || reader.IsDBNull(2))
                    {
                        nulls = true;
                        break;
                    }

                    users[i] = reader.GetInt32(0);
                    items[i] = reader.GetInt32(1);
                    days[i] = reader.GetInt32(2);
                    if ((++i & 0xFFFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            });
        if (nulls)
        {
            throw new EncoreException($"{path}: NULL values in {Columns.UserId}, {Columns.ItemId} or {Columns.StartedAt}.");
        }

        return new EventLog(users, items, days);
    }
}
