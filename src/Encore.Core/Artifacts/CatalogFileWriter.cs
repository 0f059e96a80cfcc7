using Encore.Core.Data;
using Encore.Core.Data.DuckDb;

namespace Encore.Core.Artifacts;

/// <summary>
/// Writes catalog.parquet, the set's own catalogue (<see cref="ArtifactFiles.Catalog"/>): items.parquet's
/// <c>item_id, name, artists, genres</c>, the columns the service shows, sorted by item_id, so a set serves track
/// names without the data directory it was trained from.
/// </summary>
internal static class CatalogFileWriter
{
    /// <summary>The columns copied, in this order, with prepare's names and types.</summary>
    private static readonly PreparedColumn[] s_columns =
    [
        PreparedSchema.ItemId,
        new(Columns.Name, PreparedColumnKind.Text, "VARCHAR"),
        new(Columns.Artists, PreparedColumnKind.TextList, "VARCHAR[]"),
        new(Columns.Genres, PreparedColumnKind.TextList, "VARCHAR[]"),
    ];

    /// <returns>Rows written.</returns>
    /// <exception cref="EncoreException">items.parquet is missing, not Parquet, or lacks a column (named).</exception>
    public static long Write(string itemsPath, string path)
    {
        // One thread keeps COPY's row order and bytes fixed, so the same items give the same file.
        using var session = DuckDbSession.ForFile(itemsPath, threads: 1);
        var parquet = ParquetSource.Open(session, itemsPath);
        PreparedParquetInspector.Check(parquet, s_columns);
        var columns = string.Join(", ", s_columns.Select(c => Sql.Identifier(c.Name)));
        return session.Execute(
            $"""
            COPY (
                SELECT {columns} FROM {parquet.From} ORDER BY {Sql.Identifier(Columns.ItemId)}
            ) TO {Sql.Literal(path)} (FORMAT parquet, COMPRESSION zstd)
            """);
    }
}
