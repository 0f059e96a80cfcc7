using System.Data.Common;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Data.DuckDb;

/// <summary>Reads events.parquet as (user, item, plays) pairs: the sum of <c>weight</c> when the file has one, else the event count.</summary>
internal static class EventPairsReader
{
    public static InteractionTextFile Read(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new EncoreException($"Interaction file '{path}' does not exist.");
        }

        using var session = new DuckDbSession();
        var source = $"read_parquet({Sql.Literal(path)})";
        List<string> columns;
        try
        {
            columns = session.Query($"DESCRIBE SELECT * FROM {source}", r => r.GetString(0));
        }
        catch (DbException e)
        {
            throw new EncoreException($"{path}: not a readable Parquet file ({DuckDbErrors.Describe(e)}).", e);
        }

        foreach (var required in new[] { Columns.UserId, Columns.ItemId })
        {
            if (!columns.Contains(required, StringComparer.Ordinal))
            {
                throw new EncoreException($"{path}: column '{required}' is missing; columns found: {string.Join(", ", columns)}.");
            }
        }

        var plays = columns.Contains(Columns.Weight, StringComparer.Ordinal) ? $"sum({Columns.Weight})" : "count(*)";
        var users = new List<long>();
        var items = new List<long>();
        var weights = new List<float>();
        session.Read(
            $"""
            SELECT {Columns.UserId}, {Columns.ItemId}, CAST({plays} AS FLOAT)
            FROM {source}
            WHERE {Columns.UserId} IS NOT NULL AND {Columns.ItemId} IS NOT NULL
            GROUP BY ALL ORDER BY 1, 2
            """,
            reader =>
            {
                while (reader.Read())
                {
                    users.Add(reader.GetInt64(0));
                    items.Add(reader.GetInt64(1));
                    weights.Add(reader.GetFloat(2));
                    if ((users.Count & 0xFFFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            });
        if (users.Count == 0)
        {
            throw new EncoreException($"{path}: has no events.");
        }

        var userIds = users.ToArray();
        var itemIds = items.ToArray();
        var userMap = IdMap.FromIds(userIds);
        var itemMap = IdMap.FromIds(itemIds);
        var matrix = InteractionMatrix.Build(
            userMap, itemMap, userIds, itemIds, weights.ToArray(), InteractionValues.PlayCount, MissingIdPolicy.Throw);
        return new InteractionTextFile(userMap, itemMap, matrix);
    }
}
