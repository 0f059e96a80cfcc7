namespace Encore.Core.Data.DuckDb;

/// <summary>Reads top_popular.parquet's chart: its item ids by rank.</summary>
internal static class TopPopularReader
{
    /// <summary>The item_id column, best rank first.</summary>
    /// <exception cref="EncoreException">
    /// Missing file or column, NULL or repeated id, no rows, or ranks that are not 1..n; naming file and column. An
    /// empty chart is refused: every listener without a list of their own would get nothing.
    /// </exception>
    public static int[] RankedItems(string path)
    {
        using var session = DuckDbSession.ForFile(path);
        var parquet = ParquetSource.Open(session, path);
        parquet.RequireInt32(Columns.ItemId);
        parquet.Require(Columns.Rank, t => ParquetSource.IsInteger(t) || t == "BIGINT", "INTEGER");
        parquet.RejectNulls(session, Columns.Rank, Columns.ItemId);
        var rows = session.Query(
            $"SELECT {Sql.Identifier(Columns.ItemId)}, CAST({Sql.Identifier(Columns.Rank)} AS BIGINT) FROM {parquet.From} " +
            $"ORDER BY {Sql.Identifier(Columns.Rank)}, {Sql.Identifier(Columns.ItemId)}",
            r => (Item: r.GetInt32(0), Rank: r.GetInt64(1)));
        if (rows.Count == 0)
        {
            throw new EncoreException($"{path}: no rows; the popular chart is what listeners without a list get, so it must not be empty.");
        }

        var seen = new HashSet<int>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (item, rank) = rows[i];
            if (!seen.Add(item))
            {
                throw new EncoreException($"{path}: column '{Columns.ItemId}' holds item {item} more than once.");
            }

            if (rank != i + 1)
            {
                throw new EncoreException($"{path}: column '{Columns.Rank}' must run 1, 2, …, {rows.Count}; rank {rank} is row {i + 1} in rank order.");
            }
        }

        return [.. rows.Select(r => r.Item)];
    }
}
