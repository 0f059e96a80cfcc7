namespace Encore.Core.Data.Generation;

/// <summary>Per-track dirt and bookkeeping flags.</summary>
[Flags]
internal enum TrackFlags : byte
{
    None = 0,
    EmptyAlbums = 1,
    EmptyArtists = 2,
    EmptyGenres = 4,

    /// <summary>Listened to but absent from tracks.parquet and the catalog, as ~0.2% of real listens are.</summary>
    Ghost = 8,
}

/// <summary>
/// The generated music catalog: genres, artists, albums and tracks with their ids, links, release days and
/// popularity. Track index = release order = id order. Arrays are exposed as is: the catalog is built once,
/// then only read (by the file writers and, concurrently, by every listen worker).
/// </summary>
internal sealed class Catalog
{
    /// <summary>Release day of a track that came out before 2022.</summary>
    public const short BeforeYear = -1;

    public required int Seed { get; init; }

    // Genres: the named ones first (index = popularity rank), then the unnamed ones.
    public required int[] GenreIds { get; init; }
    public required int NamedGenreCount { get; init; }
    public int GenreCount => GenreIds.Length;

    // Artists, index = id order.
    public required int[] ArtistIds { get; init; }

    /// <summary>Three genre slots per artist (-1 = none); a track takes the first <see cref="TrackGenreCount"/>.</summary>
    public required int[] ArtistGenres { get; init; }
    public required float[] ArtistPopularity { get; init; }
    public required int[] ArtistTrackOffsets { get; init; }

    /// <summary>Each artist's tracks (as main artist) in release order.</summary>
    public required int[] ArtistTracks { get; init; }
    public required int[] ArtistAlbumOffsets { get; init; }
    public required int[] ArtistAlbums { get; init; }
    public int ArtistCount => ArtistIds.Length;

    // Albums, index = id order.
    public required int[] AlbumIds { get; init; }
    public required short[] AlbumReleaseDays { get; init; }
    public required int[] AlbumTrackOffsets { get; init; }

    /// <summary>Each album's tracks in play order.</summary>
    public required int[] AlbumTracks { get; init; }
    public int AlbumCount => AlbumIds.Length;

    // Tracks, index = release order = id order; ghosts included.
    public required int[] TrackIds { get; init; }

    /// <summary>Day of 2022 (0 = 1 January) the track came out, or <see cref="BeforeYear"/>.</summary>
    public required short[] TrackReleaseDays { get; init; }
    public required int[] TrackArtists { get; init; }

    /// <summary>Featured second artist, or -1.</summary>
    public required int[] TrackFeaturedArtists { get; init; }
    public required int[] TrackAlbums { get; init; }

    /// <summary>A second album (the single of an album track), or -1.</summary>
    public required int[] TrackSecondAlbums { get; init; }
    public required byte[] TrackGenreCount { get; init; }
    public required TrackFlags[] TrackFlags { get; init; }

    /// <summary>Popularity: the artist's times the track's own; drives every sampler.</summary>
    public required float[] TrackWeights { get; init; }
    public int TrackCount => TrackIds.Length;

    /// <summary>Tracks written to tracks.parquet (all but ghosts).</summary>
    public required int PublishedTrackCount { get; init; }

    public bool IsGhost(int track) => (TrackFlags[track] & Generation.TrackFlags.Ghost) != 0;

    /// <summary>Genre index of the track's <paramref name="slot"/>-th genre.</summary>
    public int TrackGenre(int track, int slot) => ArtistGenres[3 * TrackArtists[track] + slot];

    public ReadOnlySpan<int> TracksOfArtist(int artist) =>
        ArtistTracks.AsSpan(ArtistTrackOffsets[artist], ArtistTrackOffsets[artist + 1] - ArtistTrackOffsets[artist]);

    public ReadOnlySpan<int> AlbumsOfArtist(int artist) =>
        ArtistAlbums.AsSpan(ArtistAlbumOffsets[artist], ArtistAlbumOffsets[artist + 1] - ArtistAlbumOffsets[artist]);

    public ReadOnlySpan<int> TracksOfAlbum(int album) =>
        AlbumTracks.AsSpan(AlbumTrackOffsets[album], AlbumTrackOffsets[album + 1] - AlbumTrackOffsets[album]);
}
