namespace Encore.Core.Ranking;

/// <summary>The artists, albums and genres of every item, in internal item ids.</summary>
public sealed record CatalogTags(ItemTags Artists, ItemTags Albums, ItemTags Genres)
{
    /// <summary>The catalogue's genre id of each genre tag (index = tag), to name the genre features; empty when unknown.</summary>
    public IReadOnlyList<int> GenreIds { get; init; } = [];
}
