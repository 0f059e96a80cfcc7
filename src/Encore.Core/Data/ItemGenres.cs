using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Data;

/// <summary>The item×genre incidence matrix from items.parquet's <c>genre_ids</c> (docs/seed.md §4.5, binary, unnormalised).</summary>
public static class ItemGenres
{
    /// <summary>
    /// Reads items.parquet's genres: rows follow <paramref name="items"/>, columns the distinct genre ids (ascending),
    /// value 1 per pair. Items missing from <paramref name="items"/> are skipped.
    /// </summary>
    public static (SparseMatrix Matrix, IdMap Genres) Read(string itemsPath, IdMap items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var (itemIds, genreIds) = ItemsFileReader.ReadItemGenres(itemsPath);
        var genres = IdMap.FromIds(genreIds);
        var rows = new int[itemIds.Length];
        var columns = new int[itemIds.Length];
        var kept = 0;
        for (var k = 0; k < itemIds.Length; k++)
        {
            if (items.TryToInternal(itemIds[k], out var row))
            {
                rows[kept] = row;
                columns[kept++] = genres.ToInternal(genreIds[k]);
            }
        }

        var matrix = InteractionMatrix.Build(items.Count, genres.Count, rows.AsSpan(0, kept), columns.AsSpan(0, kept), default, InteractionValues.Binary);
        return (matrix, genres);
    }
}
