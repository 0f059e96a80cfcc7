using System.Runtime.InteropServices;
using System.Text;

namespace Encore.Core.Serving;

/// <summary>
/// The catalogue's genres and artists as small integer tags per item row, so a request's genre or artist filter
/// compares integers (<see cref="ItemFilter"/>) instead of decoding names for every candidate. Names are matched
/// case-insensitively: "Rock" and "rock" are one tag.
/// </summary>
/// <remarks>
/// Built once per catalogue, on the first request that filters by genre or artist (<see cref="ItemCatalog.Tags"/>):
/// 4 bytes per genre and per artist of each track plus 8 per track, which a service that never filters does not pay.
/// </remarks>
public sealed class CatalogTags
{
    private readonly Dictionary<string, int> _genres;
    private readonly Dictionary<string, int> _artists;
    private readonly int[] _genreOffsets;
    private readonly int[] _genreTags;
    private readonly int[] _artistOffsets;
    private readonly int[] _artistTags;

    private CatalogTags(
        Dictionary<string, int> genres, Dictionary<string, int> artists,
        int[] genreOffsets, int[] genreTags, int[] artistOffsets, int[] artistTags)
    {
        _genres = genres;
        _artists = artists;
        _genreOffsets = genreOffsets;
        _genreTags = genreTags;
        _artistOffsets = artistOffsets;
        _artistTags = artistTags;
    }

    /// <summary>How many distinct genre names the catalogue holds.</summary>
    public int GenreCount => _genres.Count;

    /// <summary>How many distinct artist names the catalogue holds.</summary>
    public int ArtistCount => _artists.Count;

    /// <summary>The tag of genre <paramref name="name"/> (case-insensitive), or -1 when no track has it.</summary>
    public int GenreTag(string name) => _genres.TryGetValue(name, out var tag) ? tag : -1;

    /// <summary>The tag of artist <paramref name="name"/> (case-insensitive), or -1 when no track has it.</summary>
    public int ArtistTag(string name) => _artists.TryGetValue(name, out var tag) ? tag : -1;

    /// <summary>The genre tags of catalogue row <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> GenresOf(int row) => _genreTags.AsSpan(_genreOffsets[row], _genreOffsets[row + 1] - _genreOffsets[row]);

    /// <summary>The artist tags of catalogue row <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> ArtistsOf(int row) => _artistTags.AsSpan(_artistOffsets[row], _artistOffsets[row + 1] - _artistOffsets[row]);

    /// <summary>Tags every row of a catalogue's packed records (<c>name US artists US genres</c>, lists split by RS).</summary>
    internal static CatalogTags Build(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> text, byte fieldSeparator, byte listSeparator)
    {
        var rows = offsets.Length - 1;
        var genres = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var artists = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var genreOffsets = new int[rows + 1];
        var artistOffsets = new int[rows + 1];
        var genreTags = new List<int>(rows * 2);
        var artistTags = new List<int>(rows * 2);
        var genreLookup = genres.GetAlternateLookup<ReadOnlySpan<char>>();
        var artistLookup = artists.GetAlternateLookup<ReadOnlySpan<char>>();
        var chars = new char[256];
        for (var row = 0; row < rows; row++)
        {
            var record = text[offsets[row]..offsets[row + 1]];
            var name = record.IndexOf(fieldSeparator);
            record = name < 0 ? [] : record[(name + 1)..];
            var end = record.IndexOf(fieldSeparator);
            Add(end < 0 ? record : record[..end], artists, artistLookup, artistTags, listSeparator, ref chars);
            Add(end < 0 ? [] : record[(end + 1)..], genres, genreLookup, genreTags, listSeparator, ref chars);
            artistOffsets[row + 1] = artistTags.Count;
            genreOffsets[row + 1] = genreTags.Count;
        }

        return new CatalogTags(genres, artists, genreOffsets, [.. genreTags], artistOffsets, [.. artistTags]);
    }

    // Decodes each name into a reused buffer and looks it up as a span: only a name seen for the first time allocates.
    private static void Add(
        ReadOnlySpan<byte> list, Dictionary<string, int> names, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup,
        List<int> tags, byte listSeparator, ref char[] chars)
    {
        var first = tags.Count;
        while (!list.IsEmpty)
        {
            var end = list.IndexOf(listSeparator);
            var value = end < 0 ? list : list[..end];
            list = end < 0 ? [] : list[(end + 1)..];
            if (value.IsEmpty)
            {
                continue;
            }

            if (chars.Length < Encoding.UTF8.GetMaxCharCount(value.Length))
            {
                chars = new char[Encoding.UTF8.GetMaxCharCount(value.Length)];
            }

            var decoded = chars.AsSpan(0, Encoding.UTF8.GetChars(value, chars));
            if (!lookup.TryGetValue(decoded, out var tag))
            {
                tag = names.Count;
                names.Add(decoded.ToString(), tag);
            }

            // A name listed twice for one track is one tag.
            if (!CollectionsMarshal.AsSpan(tags)[first..].Contains(tag))
            {
                tags.Add(tag);
            }
        }
    }
}
