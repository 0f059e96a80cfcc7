namespace Encore.Core.Data.Generation;

/// <summary>
/// The fields of a track that every listen reads, packed into 12 bytes: with a million tracks the catalog
/// does not fit in cache, and one access per candidate instead of four is most of the generator's speed.
/// </summary>
internal readonly record struct TrackInfo(int Id, int Artist, short ReleaseDay, TrackFlags Flags);

/// <summary>
/// Everything a listen worker samples from, built once from the <see cref="Catalog"/> and then shared
/// read-only by all workers: alias tables for genre → tracks, genre → artists, artist → tracks, weekly new
/// releases (per genre and overall) and the all-time chart, plus the calendar, the taste clusters, the
/// user ids and the activity scale that makes the mean listens per user come out as asked.
/// </summary>
internal sealed class ListenModel
{
    /// <summary>Days a new release stays in the "new this week" tables.</summary>
    public const int NewReleaseWindowDays = 42;

    /// <summary>Decay (days) of a new release's popularity burst.</summary>
    public const double BurstDecayDays = 14;

    private ListenModel(Catalog catalog, GeneratorOptions options)
    {
        Catalog = catalog;
        Seed = options.Seed;
        Tracks = new TrackInfo[catalog.TrackCount];
        for (var t = 0; t < Tracks.Length; t++)
        {
            Tracks[t] = new TrackInfo(catalog.TrackIds[t], catalog.TrackArtists[t], catalog.TrackReleaseDays[t], catalog.TrackFlags[t]);
        }

        Calendar = new ListenCalendar();
        Clusters = new TasteClusters(options.Seed);
        MaxListensPerUser = Math.Max(1, Math.Min(GeneratorOptions.MaxListensPerUser, catalog.TrackCount / 4));
        UserIds = DrawUserIds(options.Seed, options.Users);
        GenreTracks = BuildGenreTracks(catalog);
        GenreArtists = BuildGenreArtists(catalog);
        ArtistTracks = BuildArtistTracks(catalog);
        NewReleases = BuildNewReleases(catalog);
        Charts = BuildCharts(catalog);
        ActivityMu = UserActivity.Calibrate(options.EventsPerUser, MaxListensPerUser);
    }

    public Catalog Catalog { get; }
    public int Seed { get; }

    /// <summary>The per-track fields a listen needs, by track index.</summary>
    public TrackInfo[] Tracks { get; }
    public ListenCalendar Calendar { get; }
    public TasteClusters Clusters { get; }

    /// <summary>user_id of each user index: increasing, with ~0.1% of ids skipped.</summary>
    public int[] UserIds { get; }

    /// <summary>Cap on one user's listens: int16 track_seq, and a quarter of the catalog for tiny catalogs.</summary>
    public int MaxListensPerUser { get; }

    /// <summary>μ of the lognormal listening rate; see <see cref="UserActivity"/>.</summary>
    public double ActivityMu { get; }

    /// <summary>Segment = genre index: tracks tagged with the genre, by popularity.</summary>
    public AliasTables GenreTracks { get; }

    /// <summary>Segment = genre index: artists whose first or second genre it is, by popularity.</summary>
    public AliasTables GenreArtists { get; }

    /// <summary>Segment = artist index: the artist's tracks, by popularity.</summary>
    public AliasTables ArtistTracks { get; }

    /// <summary>Segment = genre × <see cref="ListenCalendar.Weeks"/> + week: recent releases, popularity × decaying burst.</summary>
    public AliasTables NewReleases { get; }

    /// <summary>Segment 0 = every track by popularity; segment 1 + week = that week's new releases overall.</summary>
    public AliasTables Charts { get; }

    public static ListenModel Build(Catalog catalog, GeneratorOptions options) => new(catalog, options);

    private static int[] DrawUserIds(int seed, int users)
    {
        var ids = new int[users];
        var next = 0;
        var skipped = false;
        for (var u = 0; u < users; u++)
        {
            // About 0.1% of ids are unused, as in the real file (max id 1,374,582 for 1,373,221 users).
            if (u > 0 && Rng.Hash(seed, RngStream.UserIds, u) % 1000 == 0)
            {
                next++;
                skipped = true;
            }

            ids[u] = next++;
        }

        if (!skipped && users > 1)
        {
            ids[users - 1]++;
        }

        return ids;
    }

    private static AliasTables BuildGenreTracks(Catalog catalog)
    {
        var counts = new int[catalog.GenreCount + 1];
        for (var t = 0; t < catalog.TrackCount; t++)
        {
            for (var s = 0; s < catalog.TrackGenreCount[t]; s++)
            {
                counts[catalog.TrackGenre(t, s) + 1]++;
            }
        }

        var offsets = Prefix(counts);
        var members = new int[offsets[^1]];
        var cursor = offsets[..^1];
        for (var t = 0; t < catalog.TrackCount; t++)
        {
            for (var s = 0; s < catalog.TrackGenreCount[t]; s++)
            {
                members[cursor[catalog.TrackGenre(t, s)]++] = t;
            }
        }

        return BuildSegments(offsets, members, t => catalog.TrackWeights[t]);
    }

    private static AliasTables BuildGenreArtists(Catalog catalog)
    {
        var counts = new int[catalog.GenreCount + 1];
        for (var a = 0; a < catalog.ArtistCount; a++)
        {
            counts[catalog.ArtistGenres[3 * a] + 1]++;
            counts[catalog.ArtistGenres[3 * a + 1] + 1]++;
        }

        var offsets = Prefix(counts);
        var members = new int[offsets[^1]];
        var cursor = offsets[..^1];
        for (var a = 0; a < catalog.ArtistCount; a++)
        {
            members[cursor[catalog.ArtistGenres[3 * a]]++] = a;
            members[cursor[catalog.ArtistGenres[3 * a + 1]]++] = a;
        }

        // Popular artists are favourites more often, but less than in proportion, so niches keep fans.
        return BuildSegments(offsets, members, a => Math.Pow(catalog.ArtistPopularity[a], 0.6));
    }

    private static AliasTables BuildArtistTracks(Catalog catalog) =>
        BuildSegments(catalog.ArtistTrackOffsets, catalog.ArtistTracks, t => catalog.TrackWeights[t]);

    private static AliasTables BuildNewReleases(Catalog catalog)
    {
        var weeks = ListenCalendar.Weeks;
        var segments = catalog.GenreCount * weeks;
        var counts = new int[segments + 1];
        ForEachRecentWeek(catalog, (t, week, _) =>
        {
            for (var s = 0; s < catalog.TrackGenreCount[t]; s++)
            {
                counts[catalog.TrackGenre(t, s) * weeks + week + 1]++;
            }
        });
        var offsets = Prefix(counts);
        var members = new int[offsets[^1]];
        var weights = new double[offsets[^1]];
        var cursor = offsets[..^1];
        ForEachRecentWeek(catalog, (t, week, weight) =>
        {
            for (var s = 0; s < catalog.TrackGenreCount[t]; s++)
            {
                var i = cursor[catalog.TrackGenre(t, s) * weeks + week]++;
                members[i] = t;
                weights[i] = weight;
            }
        });
        return BuildSegments(offsets, members, weights);
    }

    private static AliasTables BuildCharts(Catalog catalog)
    {
        var weeks = ListenCalendar.Weeks;
        var counts = new int[weeks + 2];
        counts[1] = catalog.TrackCount;
        ForEachRecentWeek(catalog, (_, week, _) => counts[week + 2]++);
        var offsets = Prefix(counts);
        var members = new int[offsets[^1]];
        var weights = new double[offsets[^1]];
        for (var t = 0; t < catalog.TrackCount; t++)
        {
            members[t] = t;
            weights[t] = catalog.TrackWeights[t];
        }

        var cursor = offsets[..^1];
        ForEachRecentWeek(catalog, (t, week, weight) =>
        {
            var i = cursor[week + 1]++;
            members[i] = t;
            weights[i] = weight;
        });
        return BuildSegments(offsets, members, weights);
    }

    /// <summary>Calls <paramref name="visit"/> for each 2022 release and each week it is recent in, with its burst weight.</summary>
    private static void ForEachRecentWeek(Catalog catalog, Action<int, int, double> visit)
    {
        for (var t = 0; t < catalog.TrackCount; t++)
        {
            var day = catalog.TrackReleaseDays[t];
            if (day < 0)
            {
                continue;
            }

            var lastWeek = Math.Min(ListenCalendar.Weeks - 1, (day + NewReleaseWindowDays) / 7);
            for (var week = day / 7; week <= lastWeek; week++)
            {
                var age = Math.Max(0, 7 * week + 3 - day);
                visit(t, week, catalog.TrackWeights[t] * Math.Exp(-age / BurstDecayDays));
            }
        }
    }

    private static int[] Prefix(int[] counts)
    {
        for (var i = 1; i < counts.Length; i++)
        {
            counts[i] += counts[i - 1];
        }

        return counts;
    }

    private static AliasTables BuildSegments(int[] offsets, int[] members, Func<int, double> weightOf)
    {
        var weights = new double[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            weights[i] = weightOf(members[i]);
        }

        return BuildSegments(offsets, members, weights);
    }

    private static AliasTables BuildSegments(int[] offsets, int[] members, double[] weights)
    {
        var builder = new AliasTablesBuilder(members.Length);
        for (var s = 0; s + 1 < offsets.Length; s++)
        {
            var start = offsets[s];
            var length = offsets[s + 1] - start;
            builder.Add(members.AsSpan(start, length), weights.AsSpan(start, length));
        }

        return builder.Build();
    }
}
