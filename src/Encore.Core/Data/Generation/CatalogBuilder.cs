namespace Encore.Core.Data.Generation;

/// <summary>
/// Builds the <see cref="Catalog"/>: artists with careers and genres, their releases (singles, EPs, LPs)
/// spread over time, tracks ordered by release with sparse increasing ids, and the deliberate dirt of the
/// real files. The shape constants are the real catalog's (docs/seed.md §1); docs/data.md explains each.
/// </summary>
internal static class CatalogBuilder
{
    private const double TracksPerArtist = 6.5;
    private const double GhostShare = 0.0025;
    private const int UnnamedGenres = 30;
    private const double ShareBefore2022 = 0.70;

    // Release kinds: most releases are singles, which with the singles cut from albums gives the real
    // 0.66 albums per track.
    private const double SingleShare = 0.72;
    private const double EpShare = 0.10;
    private const double AlbumTrackSingleShare = 0.25;

    // Genre tags per track: real shares 1 → 38%, 2 → 59%, 3+ → 3%.
    private const double OneGenreShare = 0.38;
    private const double TwoGenreShare = 0.59;
    private const double UmbrellaShare = 0.5;
    private const double UnnamedGenreShare = 0.08;

    private const double FeaturingShare = 0.07;

    // Empty lists per track, at the real rates (per 1M: 18 albums, 15,369 artists, 3,687 genres).
    private const double EmptyAlbumsShare = 18e-6;
    private const double EmptyArtistsShare = 0.0154;
    private const double EmptyGenresShare = 0.0037;

    // Mean id gaps: track ids reach ~101M for 1M tracks; album and artist ids are denser sequences of their
    // own, so all three overlap, as in the real catalog.
    private const double TrackIdGap = 101.5;
    private const double AlbumIdGap = 12;
    private const double ArtistIdGap = 10;

    public static Catalog Build(int publishedTracks, int seed, CancellationToken cancellationToken = default)
    {
        var rng = Rng.Create(seed, RngStream.Catalog, 0);
        var ghostCount = Math.Max(1, (int)Math.Round(publishedTracks * GhostShare));
        var trackCount = publishedTracks + ghostCount;
        var artistCount = Math.Max(1, (int)Math.Round(trackCount / TracksPerArtist));

        var genreIds = DrawGenreIds(ref rng);

        // Artists: index = start of career = id order.
        var tracksPerArtist = DrawArtistSizes(ref rng, artistCount, trackCount);
        var careerStart = new double[artistCount];
        for (var a = 0; a < artistCount; a++)
        {
            careerStart[a] = rng.NextDouble();
        }

        Array.Sort(careerStart);
        var artistGenres = new int[3 * artistCount];
        var artistGenreCount = new byte[artistCount];
        var artistPopularity = new float[artistCount];
        for (var a = 0; a < artistCount; a++)
        {
            DrawArtistGenres(ref rng, artistGenres.AsSpan(3 * a, 3));
            artistGenreCount[a] = DrawGenreCount(ref rng);
            artistPopularity[a] = (float)(rng.NextLogNormal(0, 1.5) * Math.Pow(tracksPerArtist[a], 0.3));
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Releases: each artist's tracks cut into singles, EPs and LPs at times within the artist's career.
        var releases = DrawReleases(ref rng, tracksPerArtist, careerStart);
        var releaseOrder = new int[releases.Count];
        for (var r = 0; r < releaseOrder.Length; r++)
        {
            releaseOrder[r] = r;
        }

        var releaseTimes = releases.Times.ToArray();
        Array.Sort(releaseTimes, releaseOrder);

        // Tracks in release order; albums in the same order, each album track's single just before its album.
        var trackArtists = new int[trackCount];
        var trackReleaseDays = new short[trackCount];
        var trackAlbums = new int[trackCount];
        var trackSecondAlbums = new int[trackCount];
        var trackGenreCount = new byte[trackCount];
        var trackWeights = new float[trackCount];
        var albumReleaseDays = new List<short>(trackCount);
        var albumTrackOffsets = new List<int>(trackCount) { 0 };
        var albumTracks = new List<int>(trackCount + trackCount / 4);
        var albumArtists = new List<int>(trackCount);
        var cutIndex = (int)(trackCount * ShareBefore2022);
        var next = 0;
        foreach (var r in releaseOrder)
        {
            var artist = releases.Artists[r];
            var size = releases.Sizes[r];
            var day = next < cutIndex
                ? Catalog.BeforeYear
                : (short)Math.Min(364, (long)(next - cutIndex) * 365 / Math.Max(1, trackCount - cutIndex));
            for (var p = 0; p < size; p++)
            {
                var t = next + p;
                trackArtists[t] = artist;
                trackReleaseDays[t] = day;
                trackSecondAlbums[t] = -1;
                trackGenreCount[t] = rng.Chance(0.85) ? artistGenreCount[artist] : DrawGenreCount(ref rng);
                var weight = artistPopularity[artist] * rng.NextLogNormal(0, 1.5);
                if (size > 1 && rng.Chance(AlbumTrackSingleShare))
                {
                    // The album's lead single: released as its own album too, and more popular.
                    trackSecondAlbums[t] = albumReleaseDays.Count;
                    AddAlbum(albumReleaseDays, albumTrackOffsets, albumTracks, albumArtists, day, artist, t, 1);
                    weight *= 2.5;
                }

                trackWeights[t] = (float)weight;
            }

            for (var p = 0; p < size; p++)
            {
                trackAlbums[next + p] = albumReleaseDays.Count;
            }

            AddAlbum(albumReleaseDays, albumTrackOffsets, albumTracks, albumArtists, day, artist, next, size);
            next += size;
        }

        SaturateTop(trackWeights);
        cancellationToken.ThrowIfCancellationRequested();
        var trackFeaturedArtists = DrawFeaturing(ref rng, trackArtists, artistGenres, artistPopularity);
        var trackFlags = DrawFlags(ref rng, trackWeights, ghostCount);

        var (artistTrackOffsets, artistTracks) = GroupBy(trackArtists, artistCount);
        var (artistAlbumOffsets, artistAlbums) = GroupBy(albumArtists.ToArray(), artistCount);
        return new Catalog
        {
            Seed = seed,
            GenreIds = genreIds,
            NamedGenreCount = GenreNames.Count,
            ArtistIds = DrawIds(ref rng, artistCount, ArtistIdGap, 1),
            ArtistGenres = artistGenres,
            ArtistPopularity = artistPopularity,
            ArtistTrackOffsets = artistTrackOffsets,
            ArtistTracks = artistTracks,
            ArtistAlbumOffsets = artistAlbumOffsets,
            ArtistAlbums = artistAlbums,
            AlbumIds = DrawIds(ref rng, albumReleaseDays.Count, AlbumIdGap, 1),
            AlbumReleaseDays = albumReleaseDays.ToArray(),
            AlbumTrackOffsets = albumTrackOffsets.ToArray(),
            AlbumTracks = albumTracks.ToArray(),
            TrackIds = DrawIds(ref rng, trackCount, Math.Min(TrackIdGap, 1.9e9 / trackCount), 10),
            TrackReleaseDays = trackReleaseDays,
            TrackArtists = trackArtists,
            TrackFeaturedArtists = trackFeaturedArtists,
            TrackAlbums = trackAlbums,
            TrackSecondAlbums = trackSecondAlbums,
            TrackGenreCount = trackGenreCount,
            TrackFlags = trackFlags,
            TrackWeights = trackWeights,
            PublishedTrackCount = publishedTracks,
        };
    }

    /// <summary>
    /// w / (1 + w / c), with c the 99.7th percentile: keeps the order and the long obscure tail, but stops
    /// the product of two lognormals from making a few hits that nearly every user hears (the real top track
    /// reaches ~9% of users).
    /// </summary>
    private static void SaturateTop(float[] weights)
    {
        var sorted = (float[])weights.Clone();
        Array.Sort(sorted);
        var c = sorted[(int)(0.997 * (sorted.Length - 1))];
        for (var t = 0; t < weights.Length; t++)
        {
            weights[t] /= 1 + weights[t] / c;
        }
    }

    private static void AddAlbum(
        List<short> releaseDays, List<int> trackOffsets, List<int> tracks, List<int> artists,
        short day, int artist, int firstTrack, int size)
    {
        releaseDays.Add(day);
        artists.Add(artist);
        for (var p = 0; p < size; p++)
        {
            tracks.Add(firstTrack + p);
        }

        trackOffsets.Add(tracks.Count);
    }

    /// <summary>Genre ids: small sparse integers, named and unnamed ones mixed, as in the real catalog.</summary>
    private static int[] DrawGenreIds(ref Rng rng)
    {
        var total = GenreNames.Count + UnnamedGenres;
        var pool = new int[total + 64];
        for (var i = 0; i < pool.Length; i++)
        {
            pool[i] = i + 1;
        }

        for (var i = pool.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..total];
    }

    /// <summary>Tracks per artist: one each, the rest by a lognormal productivity (a few artists have hundreds).</summary>
    private static int[] DrawArtistSizes(ref Rng rng, int artistCount, int trackCount)
    {
        var productivity = new double[artistCount];
        var artists = new int[artistCount];
        for (var a = 0; a < artistCount; a++)
        {
            productivity[a] = rng.NextLogNormal(0, 1.2);
            artists[a] = a;
        }

        var builder = new AliasTablesBuilder(artistCount);
        builder.Add(artists, productivity);
        var table = builder.Build();
        var sizes = new int[artistCount];
        Array.Fill(sizes, 1);
        for (var t = artistCount; t < trackCount; t++)
        {
            sizes[table.Sample(0, ref rng)]++;
        }

        return sizes;
    }

    private static void DrawArtistGenres(ref Rng rng, Span<int> slots)
    {
        var cumulative = GenreNames.Cumulative;
        var g1 = rng.NextIndex(cumulative);
        var parent = GenreNames.Parents[g1];
        var g2 = parent >= 0 && rng.Chance(UmbrellaShare) ? parent : DrawOtherGenre(ref rng, cumulative, g1, -1);
        if (rng.Chance(UnnamedGenreShare))
        {
            g2 = GenreNames.Count + rng.NextInt(UnnamedGenres);
        }

        slots[0] = g1;
        slots[1] = g2;
        slots[2] = DrawOtherGenre(ref rng, cumulative, g1, g2);
    }

    private static int DrawOtherGenre(ref Rng rng, ReadOnlySpan<double> cumulative, int not1, int not2)
    {
        for (var attempt = 0; attempt < 32; attempt++)
        {
            var g = rng.NextIndex(cumulative);
            if (g != not1 && g != not2)
            {
                return g;
            }
        }

        // Practically unreachable: the two leaders hold well under half of the mass.
        return not1 == 0 || not2 == 0 ? (not1 == 1 || not2 == 1 ? 2 : 1) : 0;
    }

    private static byte DrawGenreCount(ref Rng rng)
    {
        var u = rng.NextDouble();
        return u < OneGenreShare ? (byte)1 : u < OneGenreShare + TwoGenreShare ? (byte)2 : (byte)3;
    }

    private sealed class Releases(int capacity)
    {
        public List<int> Artists { get; } = new(capacity);
        public List<int> Sizes { get; } = new(capacity);
        public List<double> Times { get; } = new(capacity);
        public int Count => Artists.Count;
    }

    private static Releases DrawReleases(ref Rng rng, int[] tracksPerArtist, double[] careerStart)
    {
        var releases = new Releases(tracksPerArtist.Length * 3);
        for (var a = 0; a < tracksPerArtist.Length; a++)
        {
            var remaining = tracksPerArtist[a];
            var start = careerStart[a];
            var length = 0.02 + 0.5 * rng.NextDouble() * rng.NextDouble();
            while (remaining > 0)
            {
                var u = rng.NextDouble();
                var size = u < SingleShare ? 1 : u < SingleShare + EpShare ? rng.NextInt(2, 5) : rng.NextInt(6, 14);
                size = Math.Min(size, remaining);
                remaining -= size;
                releases.Artists.Add(a);
                releases.Sizes.Add(size);
                releases.Times.Add(Math.Min(1.0, start + length * rng.NextDouble()));
            }
        }

        return releases;
    }

    /// <summary>A featured artist on ~7% of tracks, drawn by popularity among artists of the same main genre.</summary>
    private static int[] DrawFeaturing(ref Rng rng, int[] trackArtists, int[] artistGenres, float[] artistPopularity)
    {
        var artistCount = artistPopularity.Length;
        var genreOf = new int[artistCount];
        for (var a = 0; a < artistCount; a++)
        {
            genreOf[a] = artistGenres[3 * a];
        }

        var (offsets, members) = GroupBy(genreOf, GenreNames.Count);
        var builder = new AliasTablesBuilder(artistCount);
        var weights = new double[artistCount];
        for (var g = 0; g < GenreNames.Count; g++)
        {
            var span = members.AsSpan(offsets[g], offsets[g + 1] - offsets[g]);
            for (var i = 0; i < span.Length; i++)
            {
                weights[i] = artistPopularity[span[i]];
            }

            builder.Add(span, weights.AsSpan(0, span.Length));
        }

        var table = builder.Build();
        var featured = new int[trackArtists.Length];
        for (var t = 0; t < featured.Length; t++)
        {
            featured[t] = -1;
            if (rng.Chance(FeaturingShare))
            {
                var main = trackArtists[t];
                var other = table.Sample(genreOf[main], ref rng);
                featured[t] = other == main ? -1 : other;
            }
        }

        return featured;
    }

    private static TrackFlags[] DrawFlags(ref Rng rng, float[] weights, int ghostCount)
    {
        var flags = new TrackFlags[weights.Length];
        for (var t = 0; t < flags.Length; t++)
        {
            var f = TrackFlags.None;
            if (rng.Chance(EmptyAlbumsShare))
            {
                f |= TrackFlags.EmptyAlbums;
            }

            if (rng.Chance(EmptyArtistsShare))
            {
                f |= TrackFlags.EmptyArtists;
            }

            if (rng.Chance(EmptyGenresShare))
            {
                f |= TrackFlags.EmptyGenres;
            }

            flags[t] = f;
        }

        // Ghosts are ordinary tracks but not hits, so that their listens stay near their 0.2% share of tracks.
        double mean = 0;
        foreach (var w in weights)
        {
            mean += w;
        }

        mean /= weights.Length;
        var placed = 0;
        while (placed < ghostCount)
        {
            var t = rng.NextInt(flags.Length);
            if ((flags[t] & TrackFlags.Ghost) == 0 && weights[t] <= 10 * mean)
            {
                flags[t] = TrackFlags.Ghost;
                placed++;
            }
        }

        return flags;
    }

    /// <summary>Increasing sparse ids: gaps 1 + Exp(mean − 1).</summary>
    private static int[] DrawIds(ref Rng rng, int count, double meanGap, int first)
    {
        var ids = new int[count];
        long id = first + rng.NextInt(30);
        for (var i = 0; i < count; i++)
        {
            ids[i] = checked((int)id);
            id += 1 + (long)(rng.NextExponential() * (meanGap - 1));
        }

        return ids;
    }

    /// <summary>CSR grouping of indexes 0..n-1 by key; members keep their index order.</summary>
    internal static (int[] Offsets, int[] Members) GroupBy(int[] keys, int keyCount)
    {
        var offsets = new int[keyCount + 1];
        foreach (var k in keys)
        {
            offsets[k + 1]++;
        }

        for (var k = 0; k < keyCount; k++)
        {
            offsets[k + 1] += offsets[k];
        }

        var members = new int[keys.Length];
        var cursor = offsets[..keyCount];
        for (var i = 0; i < keys.Length; i++)
        {
            members[cursor[keys[i]]++] = i;
        }

        return (offsets, members);
    }
}
