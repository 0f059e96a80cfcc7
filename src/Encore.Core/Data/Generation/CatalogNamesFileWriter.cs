using Encore.Core.Data.Parquet;
using Parquet;
using Parquet.Schema;

namespace Encore.Core.Data.Generation;

/// <summary>
/// Writes catalog_names.parquet: <c>id int64, type string, name string</c> (docs/seed.md §1.2), ordered by type
/// (album, artist, genre, track) then id, as the real file is. Every album, artist and published track is
/// named; of the genres only the named ones, so the unnamed genre ids in tracks.parquet stay unresolved.
/// </summary>
internal static class CatalogNamesFileWriter
{
    private const int RowGroupSize = 500_000;

    private enum Kind
    {
        Album = 1,
        Artist = 2,
        Track = 3,
    }

    public static async Task<long> WriteAsync(Catalog catalog, string path, CancellationToken cancellationToken)
    {
        var id = new DataField<long>(Columns.Id);
        var schema = new ParquetSchema(id, new DataField<string>(Columns.Type, false), new DataField<string>(Columns.Name, false));
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await using var writer = await ParquetWriter.CreateAsync(
            schema, stream, ParquetFiles.WriteOptions(id), cancellationToken: cancellationToken);
        var chunk = new Chunk(writer, schema.GetDataFields(), RowGroupSize);

        for (var a = 0; a < catalog.AlbumCount; a++)
        {
            await chunk.AddAsync(catalog.AlbumIds[a], CatalogTypes.Album, Name(catalog.Seed, Kind.Album, a, 1, 3), cancellationToken);
        }

        for (var a = 0; a < catalog.ArtistCount; a++)
        {
            await chunk.AddAsync(catalog.ArtistIds[a], CatalogTypes.Artist, Name(catalog.Seed, Kind.Artist, a, 1, 2), cancellationToken);
        }

        var named = new int[catalog.NamedGenreCount];
        for (var g = 0; g < named.Length; g++)
        {
            named[g] = g;
        }

        Array.Sort(named, (x, y) => catalog.GenreIds[x].CompareTo(catalog.GenreIds[y]));
        foreach (var g in named)
        {
            await chunk.AddAsync(catalog.GenreIds[g], CatalogTypes.Genre, GenreNames.Names[g], cancellationToken);
        }

        for (var t = 0; t < catalog.TrackCount; t++)
        {
            if (!catalog.IsGhost(t))
            {
                await chunk.AddAsync(catalog.TrackIds[t], CatalogTypes.Track, Name(catalog.Seed, Kind.Track, t, 1, 4), cancellationToken);
            }
        }

        await chunk.FlushAsync(cancellationToken);
        return chunk.Written;
    }

    private static string Name(int seed, Kind kind, int index, int minWords, int maxWords) =>
        PseudoWords.Title(Rng.Hash(seed, RngStream.Names, ((long)kind << 40) | (uint)index), minWords, maxWords);

    /// <summary>One row group's worth of rows; written when full.</summary>
    private sealed class Chunk(ParquetWriter writer, DataField[] fields, int capacity)
    {
        private readonly long[] _ids = new long[capacity];
        private readonly string[] _types = new string[capacity];
        private readonly string[] _names = new string[capacity];
        private int _rows;

        public long Written { get; private set; }

        public async ValueTask AddAsync(long id, string type, string name, CancellationToken cancellationToken)
        {
            _ids[_rows] = id;
            _types[_rows] = type;
            _names[_rows++] = name;
            if (_rows == _ids.Length)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_rows == 0)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            using (var rowGroup = writer.CreateRowGroup())
            {
                await rowGroup.WriteAsync<long>(fields[0], _ids.AsMemory(0, _rows), cancellationToken: cancellationToken);
                await rowGroup.WriteAsync(fields[1], new ArraySegment<string>(_types, 0, _rows));
                await rowGroup.WriteAsync(fields[2], new ArraySegment<string>(_names, 0, _rows));
                rowGroup.CompleteValidate();
            }

            Written += _rows;
            _rows = 0;
        }
    }
}
