using Encore.Core.Artifacts;

namespace Encore.Core.Data.DuckDb;

/// <summary>Reads one int32 item column as an ordered list: the catalog's ids, or top_popular.parquet by rank.</summary>
internal static class ItemListReader
{
    /// <summary>Every item_id of items.parquet, ascending.</summary>
    /// <exception cref="EncoreException">Missing file or column, NULL or repeated id, naming file and column.</exception>
    public static int[] CatalogItems(string path)
    {
        using var session = new DuckDbSession();
        var parquet = ParquetSource.Open(session, path);
        parquet.RequireInt32(Columns.ItemId);
        return Read(session, parquet, Sql.Identifier(Columns.ItemId));
    }

    /// <summary>The item_id column of top_popular.parquet, best rank first.</summary>
    /// <exception cref="EncoreException">Missing file or column, NULL or repeated id, naming file and column.</exception>
    public static int[] RankedItems(string path)
    {
        using var session = new DuckDbSession();
        var parquet = ParquetSource.Open(session, path);
        parquet.RequireInt32(Columns.ItemId);
        parquet.Require(ArtifactColumns.Rank, t => ParquetSource.IsInteger(t) || t == "BIGINT", "INTEGER");
        parquet.RejectNulls(session, ArtifactColumns.Rank);
        return Read(session, parquet, $"{Sql.Identifier(ArtifactColumns.Rank)}, {Sql.Identifier(Columns.ItemId)}");
    }

    private static int[] Read(DuckDbSession session, ParquetSource parquet, string orderBy)
    {
        parquet.RejectNulls(session, Columns.ItemId);
        var items = session.Query($"SELECT {Sql.Identifier(Columns.ItemId)} FROM {parquet.From} ORDER BY {orderBy}", r => r.GetInt32(0));
        var seen = new HashSet<int>(items.Count);
        foreach (var item in items)
        {
            if (!seen.Add(item))
            {
                throw new EncoreException($"{parquet.Path}: column '{Columns.ItemId}' holds item {item} more than once.");
            }
        }

        return [.. items];
    }
}
