using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.TopPopular;

namespace Encore.Core.Artifacts;

/// <summary>
/// Writes top_popular.parquet (docs/seed.md §4.2): <c>rank int32, item_id int32, plays int64, users int64, name, genres,
/// artists, albums</c>, the item columns copied from items.parquet, sorted by rank.
/// </summary>
internal static class TopPopularFileWriter
{
    /// <returns>Rows written.</returns>
    public static long Write(string path, TopPopularRecommender model, IdMap items, string itemsPath)
    {
        var ranked = model.Items;
        var external = new int[ranked.Length];
        for (var i = 0; i < ranked.Length; i++)
        {
            external[i] = checked((int)items.ToExternal(ranked[i]));
        }

        ItemsFileReader.WriteTopPopular(itemsPath, external, model.Plays, model.Users, path);
        return ranked.Length;
    }
}
