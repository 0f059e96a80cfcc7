using System.Text;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Serving;

/// <summary>A track as shown to a listener: its name, artists and genres.</summary>
public sealed record ItemDetails(long ItemId, string Name, IReadOnlyList<string> Artists, IReadOnlyList<string> Genres);

/// <summary>
/// The tracks' display fields from items.parquet, packed in one UTF-8 buffer (see <see cref="ItemCatalogReader"/>):
/// ~40 MB for a million tracks instead of three million strings. Strings are made only for the items a response
/// shows.
/// </summary>
public sealed class ItemCatalog
{
    private readonly int[] _ids;
    private readonly int[] _offsets;
    private readonly byte[] _text;
    private readonly IdLookup _rows;
    private readonly Lazy<CatalogTags> _tags;

    private ItemCatalog(int[] ids, int[] offsets, byte[] text)
    {
        _ids = ids;
        _offsets = offsets;
        _text = text;
        _rows = IdLookup.Build(ids);
        _tags = new(() => CatalogTags.Build(_offsets, _text, ItemCatalogReader.FieldSeparator, ItemCatalogReader.ListSeparator));
    }

    /// <summary>A catalog that knows no item.</summary>
    public static ItemCatalog Empty { get; } = new([], [0], []);

    /// <summary>Number of items.</summary>
    public int Count => _ids.Length;

    /// <summary>Reads items.parquet's item_id, name, artists and genres.</summary>
    /// <exception cref="EncoreException">The file is missing or malformed (named with the column).</exception>
    public static ItemCatalog Read(string itemsPath, int threads = 2, CancellationToken cancellationToken = default)
    {
        var (ids, offsets, text) = ItemCatalogReader.Read(itemsPath, cancellationToken, threads);
        return new ItemCatalog(ids, offsets, text);
    }

    /// <summary>The genres and artists of every row as integer tags, for filters; built on first use.</summary>
    public CatalogTags Tags => _tags.Value;

    /// <summary>The row of <paramref name="itemId"/> (an index for <see cref="CatalogTags"/>), or -1 when the catalog does not have it.</summary>
    public int RowOf(long itemId) => _rows.RowOf(itemId);

    /// <summary>True when the catalog has <paramref name="itemId"/>.</summary>
    public bool Contains(long itemId) => _rows.RowOf(itemId) >= 0;

    /// <summary>The item's details, or null when the catalog does not have it.</summary>
    public ItemDetails? Find(long itemId)
    {
        var row = _rows.RowOf(itemId);
        if (row < 0)
        {
            return null;
        }

        ReadOnlySpan<byte> record = _text.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);
        var name = NextField(ref record);
        var artists = NextField(ref record);
        return new ItemDetails(itemId, Encoding.UTF8.GetString(name), Split(artists), Split(record));
    }

    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> record)
    {
        var end = record.IndexOf(ItemCatalogReader.FieldSeparator);
        if (end < 0)
        {
            var all = record;
            record = [];
            return all;
        }

        var field = record[..end];
        record = record[(end + 1)..];
        return field;
    }

    private static string[] Split(ReadOnlySpan<byte> list)
    {
        if (list.IsEmpty)
        {
            return [];
        }

        var values = new string[list.Count(ItemCatalogReader.ListSeparator) + 1];
        for (var i = 0; i < values.Length; i++)
        {
            var end = list.IndexOf(ItemCatalogReader.ListSeparator);
            values[i] = Encoding.UTF8.GetString(end < 0 ? list : list[..end]);
            list = end < 0 ? [] : list[(end + 1)..];
        }

        return values;
    }
}
