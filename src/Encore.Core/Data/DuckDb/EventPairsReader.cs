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

        using var session = DuckDbSession.ForFile(path);
        var source = $"read_parquet({Sql.Literal(path)})";
        var columns = session.Query($"DESCRIBE SELECT * FROM {source}", r => r.GetString(0));

        foreach (var required in new[] { Columns.UserId, Columns.ItemId })
        {
            if (!columns.Contains(required, StringComparer.Ordinal))
            {
                throw new EncoreException($"{path}: column '{required}' is missing; columns found: {string.Join(", ", columns)}.");
            }
        }

        // Raw rows straight into exactly sized int arrays: the matrix builder sums repeated pairs, so neither a
        // GROUP BY nor growing lists are needed (at 72M events those doubled the peak memory).
        var hasWeight = columns.Contains(Columns.Weight, StringComparer.Ordinal);
        var where = $"{Columns.UserId} IS NOT NULL AND {Columns.ItemId} IS NOT NULL" + (hasWeight ? $" AND {Columns.Weight} IS NOT NULL" : "");
        var count = session.Scalar<long>($"SELECT count(*) FROM {source} WHERE {where}");
        if (count == 0)
        {
            throw new EncoreException($"{path}: has no events.");
        }

        if (count > Array.MaxLength)
        {
            throw new EncoreException($"{path}: {count:N0} events are more than one process can hold.");
        }

        var userIds = new int[count];
        var itemIds = new int[count];
        var weights = hasWeight ? new float[count] : [];
        var weightColumn = hasWeight ? $", CAST({Columns.Weight} AS FLOAT)" : "";
        session.Read(
            $"SELECT CAST({Columns.UserId} AS INTEGER), CAST({Columns.ItemId} AS INTEGER){weightColumn} FROM {source} WHERE {where}",
            reader =>
            {
                var k = 0;
                while (reader.Read() && k < userIds.Length)
                {
                    userIds[k] = reader.GetInt32(0);
                    itemIds[k] = reader.GetInt32(1);
                    if (hasWeight)
                    {
                        weights[k] = reader.GetFloat(2);
                    }

                    if ((++k & 0xFFFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            });

        var userMap = IdMap.FromIds(userIds);
        var itemMap = IdMap.FromIds(itemIds);
        for (var k = 0; k < userIds.Length; k++)
        {
            userIds[k] = userMap.ToInternal(userIds[k]);
            itemIds[k] = itemMap.ToInternal(itemIds[k]);
        }

        var matrix = InteractionMatrix.Build(userMap.Count, itemMap.Count, userIds, itemIds, weights, InteractionValues.PlayCount);
        return new InteractionTextFile(userMap, itemMap, matrix);
    }
}
