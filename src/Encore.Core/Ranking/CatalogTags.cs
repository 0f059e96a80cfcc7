namespace Encore.Core.Ranking;

/// <summary>The artists, albums and genres of every item, in internal item ids.</summary>
public sealed record CatalogTags(ItemTags Artists, ItemTags Albums, ItemTags Genres);
