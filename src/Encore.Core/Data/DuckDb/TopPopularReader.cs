using Encore.Core.Artifacts;

namespace Encore.Core.Data.DuckDb;

/// <summary>Reads top_popular.parquet's chart: its item ids by rank.</summary>
internal static class TopPopularReader
{
    /// <summary>The item_id column, best rank first.</summary>
    /// <exception cref="EncoreException">Missing file or column, NULL or repeated id, naming file and column.</exception>
    public static int[] RankedItems(string path)
    {
        using var session = new DuckDbSession();
        var parquet = ParquetSource.Open(session, path);
        parquet.RequireInt32(Columns.ItemId);
        parquet.Require(ArtifactFiles.Rank, t => ParquetSource.IsInteger(t) || t == "BIGINT", "INTEGER");
        parquet.RejectNulls(session, ArtifactFiles.Rank, Columns.ItemId);
        var items = session.Query(
            $"SELECT {Sql.Identifier(Columns.ItemId)} FROM {parquet.From} " +
            $"ORDER BY {Sql.Identifier(ArtifactFiles.Rank)}, {Sql.Identifier(Columns.ItemId)}",
            r => r.GetInt32(0));
        var seen = new HashSet<int>(items.Count);
        foreach (var item in items)
        {
            if (!seen.Add(item))
            {
                throw new EncoreException($"{path}: column '{Columns.ItemId}' holds item {item} more than once.");
            }
        }

        return [.. items];
    }
}
