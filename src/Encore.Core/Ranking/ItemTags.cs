using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Ranking;

/// <summary>
/// Each item's artists, albums or genres as dense tag ids in CSR form (rows = internal item ids), so per-candidate
/// features look tags up in flat arrays.
/// </summary>
public sealed class ItemTags
{
    private readonly int[] _offsets;
    private readonly int[] _tags;

    private ItemTags(int[] offsets, int[] tags, int tagCount)
    {
        _offsets = offsets;
        _tags = tags;
        TagCount = tagCount;
    }

    /// <summary>Number of distinct tags (tag ids are 0..TagCount-1).</summary>
    public int TagCount { get; }

    public int ItemCount => _offsets.Length - 1;

    /// <summary>The tags of internal item <paramref name="item"/>, ascending.</summary>
    public ReadOnlySpan<int> Of(int item) => _tags.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);

    /// <summary>
    /// Builds the table from (external item, tag) pairs; items missing from <paramref name="items"/> are skipped.
    /// </summary>
    /// <param name="externalItems">External item id of each pair.</param>
    /// <param name="tags">Tag id (0..<paramref name="tagCount"/>-1) of each pair.</param>
    /// <param name="tagCount">Number of distinct tags.</param>
    /// <param name="items">Maps external item ids to rows.</param>
    public static ItemTags FromPairs(ReadOnlySpan<int> externalItems, ReadOnlySpan<int> tags, int tagCount, IdMap items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (externalItems.Length != tags.Length)
        {
            throw new ArgumentException($"{externalItems.Length} items but {tags.Length} tags.", nameof(tags));
        }

        var rows = new int[externalItems.Length];
        var offsets = new int[items.Count + 1];
        for (var k = 0; k < rows.Length; k++)
        {
            if ((uint)tags[k] >= (uint)tagCount)
            {
                throw new ArgumentOutOfRangeException(nameof(tags), tags[k], $"Tags must be in [0, {tagCount}).");
            }

            rows[k] = items.TryToInternal(externalItems[k], out var row) ? row : -1;
            if (rows[k] >= 0)
            {
                offsets[rows[k] + 1]++;
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var next = offsets[..^1];
        var sorted = new int[offsets[^1]];
        for (var k = 0; k < rows.Length; k++)
        {
            if (rows[k] >= 0)
            {
                sorted[next[rows[k]]++] = tags[k];
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            sorted.AsSpan(offsets[i], offsets[i + 1] - offsets[i]).Sort();
        }

        return new ItemTags(offsets, sorted, tagCount);
    }

    /// <summary>The artists, albums and genres of items.parquet, rows following <paramref name="items"/>.</summary>
    public static CatalogTags Read(string itemsPath, IdMap items)
    {
        var (artistItems, artists, artistCount) = ItemsFileReader.ReadItemNames(itemsPath, Columns.Artists);
        var (albumItems, albums, albumCount) = ItemsFileReader.ReadItemNames(itemsPath, Columns.Albums);
        var (genreItems, genreIds) = ItemsFileReader.ReadItemGenres(itemsPath);
        var genreMap = IdMap.FromIds(genreIds);
        var genres = new int[genreIds.Length];
        for (var k = 0; k < genres.Length; k++)
        {
            genres[k] = genreMap.ToInternal(genreIds[k]);
        }

        var genreExternal = new int[genreMap.Count];
        for (var t = 0; t < genreExternal.Length; t++)
        {
            genreExternal[t] = (int)genreMap.ExternalIds[t];
        }

        return new CatalogTags(
            FromPairs(artistItems, artists, artistCount, items),
            FromPairs(albumItems, albums, albumCount, items),
            FromPairs(genreItems, genres, genreMap.Count, items))
        {
            GenreIds = genreExternal,
        };
    }

    /// <summary>Tags ranked by how many items carry them (most first, ties by lower id): the seed's top genres (docs/seed.md §2).</summary>
    public int[] ByItemCount()
    {
        var counts = new int[TagCount];
        foreach (var tag in _tags)
        {
            counts[tag]++;
        }

        var order = new int[TagCount];
        for (var t = 0; t < order.Length; t++)
        {
            order[t] = t;
        }

        Array.Sort(order, (a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        return order;
    }
}
