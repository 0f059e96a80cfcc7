using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Ranking.Live;

/// <summary>
/// The artists and genres the live features compare, numbered by name: read the same way from items.parquet when
/// training and from the set's catalog.parquet (the same names) when serving.
/// </summary>
internal static class LiveTags
{
    /// <exception cref="EncoreException">The file is missing or lacks a column (named).</exception>
    public static (ItemTags Artists, ItemTags Genres) Read(string path, IdMap items)
    {
        var (artistItems, artists, artistCount) = ItemsFileReader.ReadItemNames(path, Columns.Artists);
        var (genreItems, genres, genreCount) = ItemsFileReader.ReadItemNames(path, Columns.Genres);
        return (ItemTags.FromPairs(artistItems, artists, artistCount, items), ItemTags.FromPairs(genreItems, genres, genreCount, items));
    }
}
