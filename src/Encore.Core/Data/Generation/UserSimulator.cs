using System.Runtime.CompilerServices;

namespace Encore.Core.Data.Generation;

/// <summary>
/// Plays one user's year (docs/data.md, "Listening"): a window of activity, a number of listens, a taste
/// that drifts between two mixtures of clusters, favourite artists, and sessions on busy-weighted days.
/// A session is a run of one favourite artist, one of their albums, or one taste genre (with runs of the
/// same artist, chart hits and new releases mixed in). A (user, track) pair occurs at most once, and a
/// track is heard only after its release. One instance per worker thread: it owns the scratch buffers.
/// </summary>
internal sealed class UserSimulator
{
    // Session kinds: a loyal share of sessions goes to favourite artists, a quarter of those as albums.
    private const double MinLoyalty = 0.40;
    private const double LoyaltySpread = 0.30;
    private const double AlbumSessionShare = 0.25;

    // Within genre sessions.
    private const double SameArtistRun = 0.30;
    private const double GenreSwitch = 0.25;
    private const double NewReleaseShare = 0.15;
    private const double NewChartShare = 0.40;
    private const double MinChartRate = 0.02;
    private const double ChartRateSpread = 0.06;
    private const double DiscoveryRate = 0.05;

    // Favourite artists: more for heavier listeners; discoveries add to them over the year.
    private const int MaxInitialFavourites = 40;
    private const int MaxFavourites = 64;
    private const double FavouriteRankExponent = 0.8;
    private static readonly double[] s_favouriteRankWeights = RankWeights(MaxFavourites, FavouriteRankExponent);

    // Taste: one or two clusters plus two personal genres; half the users drift to another second cluster.
    private const int MaxTasteGenres = 2 * TasteClusters.MaxGenres + 2;
    private const double SecondClusterShare = 0.5;
    private const double DriftShare = 0.5;
    private const double PersonalGenreWeight = 0.06;

    // Sessions of 3–15 tracks (mean ~7).
    private const int MinSession = 3;
    private const int MaxSession = 15;
    private const double SessionExtraMean = 4;

    private const int ArtistTries = 6;
    private const int GenreTries = 6;
    private const int NewReleaseTries = 3;
    private const int ChartTries = 6;

    private readonly ListenModel _model;
    private readonly Catalog _catalog;
    private readonly TrackInfo[] _tracks;

    private readonly ulong[] _heard;
    private readonly int[] _heardTracks;
    private int _heardCount;

    private readonly int[] _favourites = new int[MaxFavourites];
    private readonly double[] _favouriteCumulative = new double[MaxFavourites];
    private int _favouriteCount;

    private readonly int[] _tasteGenres = new int[2 * MaxTasteGenres];
    private readonly double[] _tasteCumulative = new double[2 * MaxTasteGenres];
    private readonly int[] _tasteSize = new int[2];

    private readonly int[] _sessionLengths;
    private readonly int[] _sessionDays;

    // The current user.
    private Rng _rng;
    private int _userId;
    private int _first;
    private int _last;
    private short _sequence;
    private double _chartRate;
    private ListenBlock _block = null!;

    public UserSimulator(ListenModel model)
    {
        _model = model;
        _catalog = model.Catalog;
        _tracks = model.Tracks;
        _heard = new ulong[(_catalog.TrackCount + 63) / 64];
        _heardTracks = new int[model.MaxListensPerUser];
        _sessionLengths = new int[model.MaxListensPerUser];
        _sessionDays = new int[model.MaxListensPerUser];
    }

    /// <summary>Appends the listens of user <paramref name="userIndex"/> to <paramref name="block"/>.</summary>
    public void Generate(int userIndex, ListenBlock block)
    {
        _rng = Rng.Create(_model.Seed, RngStream.Users, userIndex);
        _userId = _model.UserIds[userIndex];
        _block = block;
        _sequence = 0;
        _heardCount = 0;

        (_first, _last) = UserActivity.DrawWindow(ref _rng);
        var listens = UserActivity.DrawListenCount(ref _rng, _model.ActivityMu, _first, _last, _model.MaxListensPerUser);
        block.Reserve(listens);
        var loyalty = MinLoyalty + LoyaltySpread * _rng.NextDouble();
        _chartRate = MinChartRate + ChartRateSpread * _rng.NextDouble();
        DrawTastes();
        DrawFavourites(listens);

        var sessions = DrawSessions(listens);
        for (var s = 0; s < sessions; s++)
        {
            var day = _sessionDays[s];
            var length = _sessionLengths[s];
            if (_favouriteCount > 0 && _rng.NextDouble() < loyalty)
            {
                var artist = PickFavourite();
                var played = _rng.Chance(AlbumSessionShare) ? AlbumSession(artist, day, length) : ArtistSession(artist, day, length);
                if (played < length)
                {
                    // The favourite ran dry (all heard or unreleased): carry on in their main genre.
                    GenreSession(_catalog.ArtistGenres[3 * artist], day, length - played);
                }
            }
            else
            {
                GenreSession(PickTasteGenre(day), day, length);
            }
        }

        if (_sequence == 0)
        {
            EnsureOneListen(sessions > 0 ? _sessionDays[0] : _first);
        }

        for (var i = 0; i < _heardCount; i++)
        {
            var t = _heardTracks[i];
            _heard[t >> 6] &= ~(1UL << (t & 63));
        }
    }

    private int DrawSessions(int listens)
    {
        var sessions = 0;
        for (var total = 0; total < listens; sessions++)
        {
            var length = MinSession + (int)(_rng.NextExponential() * SessionExtraMean);
            length = Math.Min(Math.Min(length, MaxSession), listens - total);
            _sessionLengths[sessions] = length;
            _sessionDays[sessions] = _model.Calendar.SampleDay(_first, _last, ref _rng);
            total += length;
        }

        _sessionDays.AsSpan(0, sessions).Sort();
        return sessions;
    }

    private int ArtistSession(int artist, int day, int length)
    {
        for (var played = 0; played < length; played++)
        {
            var t = PickFromArtist(artist, day);
            if (t < 0)
            {
                return played;
            }

            Emit(t, day);
        }

        return length;
    }

    private int AlbumSession(int artist, int day, int length)
    {
        var albums = _catalog.AlbumsOfArtist(artist);
        var played = 0;
        for (var attempt = 0; attempt < 4 && albums.Length > 0; attempt++)
        {
            var album = albums[_rng.NextInt(albums.Length)];
            if (_catalog.AlbumReleaseDays[album] > day)
            {
                continue;
            }

            foreach (var t in _catalog.TracksOfAlbum(album))
            {
                if (played == length)
                {
                    return played;
                }

                if (IsNew(t, day))
                {
                    Emit(t, day);
                    played++;
                }
            }

            break;
        }

        return played + ArtistSession(artist, day, length - played);
    }

    private int GenreSession(int genre, int day, int length)
    {
        var week = day / 7;
        var previousArtist = -1;
        for (var played = 0; played < length; played++)
        {
            var t = -1;
            if (previousArtist >= 0 && _rng.Chance(SameArtistRun))
            {
                t = PickFromArtist(previousArtist, day);
            }

            if (t < 0 && _rng.Chance(_chartRate))
            {
                t = PickFromCharts(day, week);
            }

            if (t < 0)
            {
                if (_rng.Chance(GenreSwitch))
                {
                    genre = PickTasteGenre(day);
                }

                t = PickFromGenre(genre, day, week);
                if (t >= 0 && _rng.Chance(DiscoveryRate))
                {
                    AddFavourite(_tracks[t].Artist);
                }
            }

            if (t < 0)
            {
                t = PickFromCharts(day, week);
            }

            if (t < 0)
            {
                // A heavy listener who has heard the top of their genres and the charts digs into the catalog.
                t = PickAny(day);
            }

            if (t < 0)
            {
                return played;
            }

            Emit(t, day);
            previousArtist = _tracks[t].Artist;
        }

        return length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsNew(int track, int day) =>
        _tracks[track].ReleaseDay <= day && (_heard[track >> 6] & (1UL << (track & 63))) == 0;

    private int PickFromArtist(int artist, int day) => PickFrom(_model.ArtistTracks, artist, day, ArtistTries);

    private int PickFromGenre(int genre, int day, int week)
    {
        if (_rng.Chance(NewReleaseShare))
        {
            var t = PickFrom(_model.NewReleases, genre * ListenCalendar.Weeks + week, day, NewReleaseTries);
            if (t >= 0)
            {
                return t;
            }
        }

        return PickFrom(_model.GenreTracks, genre, day, GenreTries);
    }

    private int PickFromCharts(int day, int week)
    {
        if (_rng.Chance(NewChartShare))
        {
            var t = PickFrom(_model.Charts, 1 + week, day, NewReleaseTries);
            if (t >= 0)
            {
                return t;
            }
        }

        return PickFrom(_model.Charts, 0, day, ChartTries);
    }

    private int PickAny(int day)
    {
        for (var i = 0; i < ChartTries; i++)
        {
            var t = _rng.NextInt(_tracks.Length);
            if (IsNew(t, day))
            {
                return t;
            }
        }

        return -1;
    }

    /// <summary>Rejection sampling: released and not yet heard, within a bounded number of draws.</summary>
    private int PickFrom(AliasTables tables, int segment, int day, int tries)
    {
        for (var i = 0; i < tries; i++)
        {
            var t = tables.Sample(segment, ref _rng);
            if (t < 0)
            {
                return -1;
            }

            if (IsNew(t, day))
            {
                return t;
            }
        }

        return -1;
    }

    private void Emit(int track, int day)
    {
        _heard[track >> 6] |= 1UL << (track & 63);
        _heardTracks[_heardCount++] = track;
        ref readonly var info = ref _tracks[track];
        _block.Add(_userId, info.Id, ++_sequence, (short)day);
        if ((info.Flags & TrackFlags.Ghost) != 0)
        {
            _block.Orphans++;
        }
    }

    /// <summary>Fallback for a user whose draws all failed (tiny catalogs): the first released unheard track.</summary>
    private void EnsureOneListen(int day)
    {
        var start = _rng.NextInt(_catalog.TrackCount);
        for (var i = 0; i < _catalog.TrackCount; i++)
        {
            var t = (start + i) % _catalog.TrackCount;
            if (IsNew(t, day))
            {
                Emit(t, day);
                return;
            }
        }
    }

    // ---- Taste ----

    private void DrawTastes()
    {
        var clusters = _model.Clusters;
        var primary = clusters.SampleCluster(ref _rng);
        var secondary = clusters.SampleCluster(ref _rng);
        var mixA = _rng.Chance(SecondClusterShare) ? 0.15 + 0.35 * _rng.NextDouble() : 0.0;
        var personal1 = _rng.NextIndex(GenreNames.Cumulative);
        var personal2 = _rng.NextIndex(GenreNames.Cumulative);
        FillTaste(0, primary, secondary, mixA, personal1, personal2);

        // Drift: by the end of the window the second cluster may have changed, or its share moved.
        var drift = _rng.Chance(DriftShare);
        var secondaryB = drift ? clusters.SampleCluster(ref _rng) : secondary;
        var mixB = drift ? 0.2 + 0.3 * _rng.NextDouble() : mixA;
        FillTaste(1, primary, secondaryB, mixB, personal1, personal2);
    }

    private void FillTaste(int which, int primary, int secondary, double mix, int personal1, int personal2)
    {
        var clusters = _model.Clusters;
        var start = which * MaxTasteGenres;
        var size = 0;
        double sum = 0;
        for (var i = 0; i < clusters.SizeOf(primary); i++)
        {
            sum += (1 - mix) * clusters.WeightAt(primary, i);
            _tasteGenres[start + size] = clusters.GenreAt(primary, i);
            _tasteCumulative[start + size++] = sum;
        }

        if (mix > 0)
        {
            for (var i = 0; i < clusters.SizeOf(secondary); i++)
            {
                sum += mix * clusters.WeightAt(secondary, i);
                _tasteGenres[start + size] = clusters.GenreAt(secondary, i);
                _tasteCumulative[start + size++] = sum;
            }
        }

        sum += PersonalGenreWeight;
        _tasteGenres[start + size] = personal1;
        _tasteCumulative[start + size++] = sum;
        sum += PersonalGenreWeight;
        _tasteGenres[start + size] = personal2;
        _tasteCumulative[start + size++] = sum;
        _tasteSize[which] = size;
    }

    /// <summary>A genre of the taste at <paramref name="day"/>: mixture A early in the window, B late.</summary>
    private int PickTasteGenre(int day)
    {
        var progress = _last > _first ? (day - _first) / (double)(_last - _first) : 0.0;
        var which = _rng.NextDouble() < progress ? 1 : 0;
        var start = which * MaxTasteGenres;
        var size = _tasteSize[which];
        var u = _rng.NextDouble() * _tasteCumulative[start + size - 1];
        for (var i = 0; i < size - 1; i++)
        {
            if (u < _tasteCumulative[start + i])
            {
                return _tasteGenres[start + i];
            }
        }

        return _tasteGenres[start + size - 1];
    }

    // ---- Favourite artists ----

    private void DrawFavourites(int listens)
    {
        _favouriteCount = 0;
        var wanted = Math.Clamp((int)(1 + 0.9 * Math.Sqrt(listens)), 1, MaxInitialFavourites);
        for (var attempt = 0; attempt < 2 * wanted && _favouriteCount < wanted; attempt++)
        {
            var artist = _model.GenreArtists.Sample(PickTasteGenre(_first), ref _rng);
            if (artist >= 0)
            {
                AddFavourite(artist);
            }
        }
    }

    private void AddFavourite(int artist)
    {
        if (_favouriteCount == MaxFavourites)
        {
            return;
        }

        for (var i = 0; i < _favouriteCount; i++)
        {
            if (_favourites[i] == artist)
            {
                return;
            }
        }

        // Zipf by rank of adoption: the first favourites stay the most played.
        var previous = _favouriteCount == 0 ? 0 : _favouriteCumulative[_favouriteCount - 1];
        _favourites[_favouriteCount] = artist;
        _favouriteCumulative[_favouriteCount] = previous + s_favouriteRankWeights[_favouriteCount];
        _favouriteCount++;
    }

    private static double[] RankWeights(int count, double exponent)
    {
        var weights = new double[count];
        for (var i = 0; i < count; i++)
        {
            weights[i] = Math.Pow(i + 1, -exponent);
        }

        return weights;
    }

    private int PickFavourite()
    {
        var u = _rng.NextDouble() * _favouriteCumulative[_favouriteCount - 1];
        for (var i = 0; i < _favouriteCount - 1; i++)
        {
            if (u < _favouriteCumulative[i])
            {
                return _favourites[i];
            }
        }

        return _favourites[_favouriteCount - 1];
    }
}
