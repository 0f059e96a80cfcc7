namespace Encore.Core.Serving;

/// <summary>
/// A request's filters over candidate tracks: tracks to leave out, and optionally genres and artists of which a
/// kept track must have at least one each (docs/service.md, "Filters"). Every list kind walks its candidates through
/// <see cref="Select"/> before it stops at k, so a filter that removes top items is refilled from further down the
/// same source rather than shortening the list.
/// </summary>
/// <remarks>
/// Per candidate it costs one binary search over the excluded ids and, with genres or artists, a catalogue row
/// lookup and a binary search per tag of that row: no allocation. Tags come from <see cref="ItemCatalog.Tags"/> of
/// the catalogue the filter was built on, which it keeps, so a set reloaded meanwhile cannot mix tag numberings.
/// </remarks>
public sealed class ItemFilter
{
    private readonly int[] _excluded;
    private readonly ItemCatalog _catalog;
    private readonly int[] _genres;
    private readonly int[] _artists;

    /// <param name="catalog">The catalogue the tags belong to (needed only with genres or artists).</param>
    /// <param name="excluded">Track ids to leave out; ids outside int32 cannot be tracks and are ignored.</param>
    /// <param name="genreTags">Tags (<see cref="CatalogTags.GenreTag"/>) of which a kept track needs one; empty: any genre.</param>
    /// <param name="artistTags">Tags (<see cref="CatalogTags.ArtistTag"/>) of which a kept track needs one; empty: any artist.</param>
    /// <exception cref="ArgumentOutOfRangeException">A tag is negative (an unknown name).</exception>
    public ItemFilter(ItemCatalog catalog, ReadOnlySpan<long> excluded, ReadOnlySpan<int> genreTags, ReadOnlySpan<int> artistTags)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _excluded = SortedDistinct(excluded);
        _genres = SortedTags(genreTags, nameof(genreTags));
        _artists = SortedTags(artistTags, nameof(artistTags));
    }

    /// <summary>A filter that keeps every track.</summary>
    public static ItemFilter None { get; } = new(ItemCatalog.Empty, [], [], []);

    /// <summary>True when the filter keeps every track.</summary>
    public bool KeepsAll => _excluded.Length == 0 && _genres.Length == 0 && _artists.Length == 0;

    /// <summary>True when <paramref name="item"/> passes: not excluded, and with one of the genres and one of the artists asked for.</summary>
    public bool Allows(int item)
    {
        if (_excluded.Length > 0 && _excluded.AsSpan().BinarySearch(item) >= 0)
        {
            return false;
        }

        if (_genres.Length == 0 && _artists.Length == 0)
        {
            return true;
        }

        var row = _catalog.RowOf(item);
        if (row < 0)
        {
            // A track the catalogue does not know has no genre or artist to match.
            return false;
        }

        var tags = _catalog.Tags;
        return (_genres.Length == 0 || AnyOf(tags.GenresOf(row), _genres))
            && (_artists.Length == 0 || AnyOf(tags.ArtistsOf(row), _artists));
    }

    /// <summary>
    /// Writes into <paramref name="positions"/> the indices in <paramref name="ranked"/> of its first items that are
    /// not in <paramref name="heard"/> (ascending) and pass the filter, in order.
    /// </summary>
    /// <returns>How many were written: fewer than <c>positions.Length</c> when <paramref name="ranked"/> runs out.</returns>
    public int Select(ReadOnlySpan<int> ranked, ReadOnlySpan<int> heard, Span<int> positions)
    {
        var written = 0;
        for (var i = 0; i < ranked.Length && written < positions.Length; i++)
        {
            if (heard.BinarySearch(ranked[i]) < 0 && Allows(ranked[i]))
            {
                positions[written++] = i;
            }
        }

        return written;
    }

    private static bool AnyOf(ReadOnlySpan<int> tags, int[] wanted)
    {
        foreach (var tag in tags)
        {
            if (wanted.AsSpan().BinarySearch(tag) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int[] SortedDistinct(ReadOnlySpan<long> ids)
    {
        var kept = new List<int>(ids.Length);
        foreach (var id in ids)
        {
            if (id is >= int.MinValue and <= int.MaxValue)
            {
                kept.Add((int)id);
            }
        }

        return Distinct(kept);
    }

    private static int[] SortedTags(ReadOnlySpan<int> tags, string name)
    {
        foreach (var tag in tags)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(tag, name);
        }

        return Distinct([.. tags]);
    }

    private static int[] Distinct(List<int> values)
    {
        values.Sort();
        var count = 0;
        for (var i = 0; i < values.Count; i++)
        {
            if (count == 0 || values[count - 1] != values[i])
            {
                values[count++] = values[i];
            }
        }

        return values.GetRange(0, count).ToArray();
    }
}
