using System.Data.Common;

namespace Encore.Core.Data.DuckDb;

/// <summary>Reads events.parquet into an <see cref="EventLog"/> with one forward scan.</summary>
internal static class EventLogReader
{
    public static EventLog Read(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new EncoreException($"{path}: file not found.");
        }

        using var session = new DuckDbSession();
        var source = $"read_parquet({Sql.Literal(path)})";
        Dictionary<string, string> types;
        try
        {
            types = session.Query($"DESCRIBE SELECT * FROM {source}", r => (Name: r.GetString(0), Type: r.GetString(1)))
                .ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        }
        catch (DbException e)
        {
            throw new EncoreException($"{path}: not a readable Parquet file ({DuckDbErrors.Describe(e)}).", e);
        }

        Require(path, types, Columns.UserId, t => t is "INTEGER" or "SMALLINT" or "TINYINT", "INTEGER");
        Require(path, types, Columns.ItemId, t => t is "INTEGER" or "SMALLINT" or "TINYINT", "INTEGER");
        Require(path, types, Columns.StartedAt, t => t == "DATE" || t.StartsWith("TIMESTAMP", StringComparison.Ordinal), "TIMESTAMP");

        var count = session.Scalar<long>($"SELECT count(*) FROM {source}");
        if (count > Array.MaxLength)
        {
            throw new EncoreException($"{path}: {count:N0} events are more than one process can hold ({Array.MaxLength:N0}).");
        }

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

    private static void Require(string path, Dictionary<string, string> types, string column, Func<string, bool> ok, string expected)
    {
        if (!types.TryGetValue(column, out var type))
        {
            throw new EncoreException($"{path}: column '{column}' is missing.");
        }

        if (!ok(type))
        {
            throw new EncoreException($"{path}: column '{column}' has type {type}, expected {expected}.");
        }
    }
}
