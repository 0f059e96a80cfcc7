using Encore.Core.Data.Parquet;
using Parquet;
using Parquet.Schema;

namespace Encore.Core.Data.Generation;

/// <summary>
/// Writes tracks.parquet: <c>track_id int64, albums/artists/genres list&lt;int64&gt;</c>, one row per published
/// track in id order (docs/seed.md §1.1). Ghost tracks are left out; flagged tracks get an empty list.
/// </summary>
internal static class TracksFileWriter
{
    private const int RowGroupSize = 1_000_000;

    public static async Task<long> WriteAsync(Catalog catalog, string path, CancellationToken cancellationToken)
    {
        var trackId = new DataField<long>(Columns.TrackId);
        var schema = new ParquetSchema(
            trackId,
            ParquetFiles.Int64List(Columns.Albums),
            ParquetFiles.Int64List(Columns.Artists),
            ParquetFiles.Int64List(Columns.Genres));
        var fields = schema.GetDataFields();
        var capacity = Math.Min(RowGroupSize, catalog.PublishedTrackCount);
        var ids = new long[capacity];
        var albums = new Int64ListColumnBuffer(capacity);
        var artists = new Int64ListColumnBuffer(capacity);
        var genres = new Int64ListColumnBuffer(2 * capacity);
        var items = new long[3];

        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await using var writer = await ParquetWriter.CreateAsync(
            schema, stream, ParquetFiles.WriteOptions(trackId), cancellationToken: cancellationToken);
        var rows = 0;
        long written = 0;
        for (var t = 0; t < catalog.TrackCount; t++)
        {
            var flags = catalog.TrackFlags[t];
            if ((flags & TrackFlags.Ghost) != 0)
            {
                continue;
            }

            ids[rows++] = catalog.TrackIds[t];
            albums.Add((flags & TrackFlags.EmptyAlbums) != 0 ? [] : AlbumIds(catalog, t, items));
            artists.Add((flags & TrackFlags.EmptyArtists) != 0 ? [] : ArtistIds(catalog, t, items));
            genres.Add((flags & TrackFlags.EmptyGenres) != 0 ? [] : GenreIds(catalog, t, items));
            if (rows == capacity)
            {
                await FlushAsync(writer, fields, ids, rows, albums, artists, genres, cancellationToken);
                written += rows;
                rows = 0;
            }
        }

        if (rows > 0)
        {
            await FlushAsync(writer, fields, ids, rows, albums, artists, genres, cancellationToken);
            written += rows;
        }

        return written;
    }

    private static async Task FlushAsync(
        ParquetWriter writer, DataField[] fields, long[] ids, int rows,
        Int64ListColumnBuffer albums, Int64ListColumnBuffer artists, Int64ListColumnBuffer genres,
        CancellationToken cancellationToken)
    {
        using (var rowGroup = writer.CreateRowGroup())
        {
            await rowGroup.WriteAsync<long>(fields[0], ids.AsMemory(0, rows), cancellationToken: cancellationToken);
            await albums.WriteAsync(rowGroup, fields[1], cancellationToken);
            await artists.WriteAsync(rowGroup, fields[2], cancellationToken);
            await genres.WriteAsync(rowGroup, fields[3], cancellationToken);
            rowGroup.CompleteValidate();
        }

        albums.Clear();
        artists.Clear();
        genres.Clear();
    }

    /// <summary>The track's album, preceded by its single when it has one (ids ascending).</summary>
    private static ReadOnlySpan<long> AlbumIds(Catalog catalog, int track, long[] items)
    {
        items[0] = catalog.AlbumIds[catalog.TrackAlbums[track]];
        var second = catalog.TrackSecondAlbums[track];
        if (second < 0)
        {
            return items.AsSpan(0, 1);
        }

        items[1] = items[0];
        items[0] = catalog.AlbumIds[second];
        return items.AsSpan(0, 2);
    }

    private static ReadOnlySpan<long> ArtistIds(Catalog catalog, int track, long[] items)
    {
        items[0] = catalog.ArtistIds[catalog.TrackArtists[track]];
        var featured = catalog.TrackFeaturedArtists[track];
        if (featured < 0)
        {
            return items.AsSpan(0, 1);
        }

        items[1] = catalog.ArtistIds[featured];
        return items.AsSpan(0, 2);
    }

    private static ReadOnlySpan<long> GenreIds(Catalog catalog, int track, long[] items)
    {
        var count = catalog.TrackGenreCount[track];
        for (var s = 0; s < count; s++)
        {
            items[s] = catalog.GenreIds[catalog.TrackGenre(track, s)];
        }

        return items.AsSpan(0, count);
    }
}
