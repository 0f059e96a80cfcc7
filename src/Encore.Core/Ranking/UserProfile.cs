namespace Encore.Core.Ranking;

/// <summary>
/// One user's listening summary, computed from their history into arrays keyed by genre, artist and album id:
/// genre profile, listens per artist and album, the last day each artist was heard, and which artists and albums
/// are among the recent listens. One instance per worker thread; <see cref="Load"/> resets what the previous user
/// touched, so a user costs their history's length, not the catalogue's.
/// </summary>
internal sealed class UserProfile
{
    private readonly ListeningHistory _history;
    private readonly ItemTags _artists;
    private readonly ItemTags _albums;
    private readonly ItemTags _genres;
    private readonly int _recentListens;

    private readonly double[] _genreWeight;
    private readonly int[] _artistListens;
    private readonly int[] _artistLastDay;
    private readonly bool[] _artistRecent;
    private readonly int[] _albumListens;
    private readonly bool[] _albumRecent;
    private readonly List<int> _touchedGenres = [];
    private readonly List<int> _touchedArtists = [];
    private readonly List<int> _touchedAlbums = [];

    public UserProfile(ListeningHistory history, ItemTags artists, ItemTags albums, ItemTags genres, int recentListens)
    {
        _history = history;
        _artists = artists;
        _albums = albums;
        _genres = genres;
        _recentListens = recentListens;
        _genreWeight = new double[genres.TagCount];
        _artistListens = new int[artists.TagCount];
        _artistLastDay = new int[artists.TagCount];
        _artistRecent = new bool[artists.TagCount];
        _albumListens = new int[albums.TagCount];
        _albumRecent = new bool[albums.TagCount];
    }

    public int Listens { get; private set; }

    public int ActiveDays { get; private set; }

    /// <summary>Day of the last listen; only meaningful when <see cref="Listens"/> &gt; 0.</summary>
    public int LastDay { get; private set; }

    /// <summary>Share of the user's listens in <paramref name="genre"/> (each listen's genres weigh 1/their count).</summary>
    public double GenreShare(int genre) => Listens == 0 ? double.NaN : _genreWeight[genre] / Listens;

    /// <summary>The genres with a non-zero share, in first-heard order.</summary>
    public IReadOnlyList<int> Genres => _touchedGenres;

    public int ArtistListens(int artist) => _artistListens[artist];

    /// <summary>Last day the artist was heard, or -1.</summary>
    public int ArtistLastDay(int artist) => _artistListens[artist] > 0 ? _artistLastDay[artist] : -1;

    public bool ArtistRecent(int artist) => _artistRecent[artist];

    public int AlbumListens(int album) => _albumListens[album];

    public bool AlbumRecent(int album) => _albumRecent[album];

    /// <summary>Forgets the previous user and summarises <paramref name="user"/>.</summary>
    public void Load(int user)
    {
        Reset();
        var items = _history.Items(user);
        var days = _history.Days(user);
        Listens = items.Length;
        ActiveDays = 0;
        for (var k = 0; k < items.Length; k++)
        {
            if (k == 0 || days[k] != days[k - 1])
            {
                ActiveDays++;
            }

            var recent = k >= items.Length - _recentListens;
            var item = items[k];
            var genres = _genres.Of(item);
            foreach (var genre in genres)
            {
                if (_genreWeight[genre] == 0)
                {
                    _touchedGenres.Add(genre);
                }

                _genreWeight[genre] += 1.0 / genres.Length;
            }

            foreach (var artist in _artists.Of(item))
            {
                if (_artistListens[artist]++ == 0)
                {
                    _touchedArtists.Add(artist);
                }

                _artistLastDay[artist] = days[k];
                _artistRecent[artist] |= recent;
            }

            foreach (var album in _albums.Of(item))
            {
                if (_albumListens[album]++ == 0)
                {
                    _touchedAlbums.Add(album);
                }

                _albumRecent[album] |= recent;
            }
        }

        LastDay = items.Length > 0 ? days[^1] : -1;
    }

    private void Reset()
    {
        foreach (var genre in _touchedGenres)
        {
            _genreWeight[genre] = 0;
        }

        foreach (var artist in _touchedArtists)
        {
            _artistListens[artist] = 0;
            _artistRecent[artist] = false;
        }

        foreach (var album in _touchedAlbums)
        {
            _albumListens[album] = 0;
            _albumRecent[album] = false;
        }

        _touchedGenres.Clear();
        _touchedArtists.Clear();
        _touchedAlbums.Clear();
    }
}
