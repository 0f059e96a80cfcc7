using Encore.Core.Ranking.Candidates;

namespace Encore.Core.Ranking;

/// <summary>
/// Fills the <see cref="RankerFeatures"/> of a user's candidates from the history before <see cref="ListeningHistory.EndDay"/>:
/// the sources' ranks and scores, the track's popularity, the user's activity and genre profile, and how the track
/// relates to what the user heard (artist and album shares, recency).
/// </summary>
internal sealed class FeatureBuilder
{
    private static readonly int s_sources = Column(RankerFeatures.Sources);
    private static readonly int s_itemPlays = Column(RankerFeatures.ItemPlays);
    private static readonly int s_itemListeners = Column(RankerFeatures.ItemListeners);
    private static readonly int s_itemRecentPlays = Column(RankerFeatures.ItemRecentPlays);
    private static readonly int s_itemTrend = Column(RankerFeatures.ItemTrend);
    private static readonly int s_itemAge = Column(RankerFeatures.ItemDaysSinceFirstPlay);
    private static readonly int s_userListens = Column(RankerFeatures.UserListens);
    private static readonly int s_userActiveDays = Column(RankerFeatures.UserActiveDays);
    private static readonly int s_userIdle = Column(RankerFeatures.UserDaysSinceLastListen);
    private static readonly int s_genreMatch = Column(RankerFeatures.GenreMatch);
    private static readonly int s_artistShare = Column(RankerFeatures.ArtistShare);
    private static readonly int s_albumShare = Column(RankerFeatures.AlbumShare);
    private static readonly int s_artistInRecent = Column(RankerFeatures.ArtistInRecent);
    private static readonly int s_albumInRecent = Column(RankerFeatures.AlbumInRecent);
    private static readonly int s_daysSinceArtist = Column(RankerFeatures.DaysSinceArtist);
    private static readonly int s_firstGenreShare = Column(RankerFeatures.GenreShare(0));
    private static readonly int s_genreOthers = Column(RankerFeatures.GenreOthers);

    // Per registered source, its score column (-1 when it has none) and rank column; the shared columns follow.
    private readonly int[] _scoreColumns;
    private readonly int[] _rankColumns;
    private readonly int _shared;
    private readonly ListeningHistory _history;
    private readonly ItemStats _stats;
    private readonly ItemTags _artists;
    private readonly ItemTags _albums;
    private readonly ItemTags _genres;
    private readonly int[] _topGenres;
    private readonly bool[] _isTopGenre;
    private readonly int _recentListens;

    /// <param name="history">What the user heard; the features never look past its end.</param>
    /// <param name="stats">Item popularity over the same history.</param>
    /// <param name="artists">Artists of each item.</param>
    /// <param name="albums">Albums of each item.</param>
    /// <param name="genres">Genres of each item.</param>
    /// <param name="recentListens">How many last listens count as recent.</param>
    /// <param name="sources">The registered candidate sources, in the order of a candidate's ranks and scores.</param>
    public FeatureBuilder(
        ListeningHistory history, ItemStats stats, ItemTags artists, ItemTags albums, ItemTags genres, int recentListens,
        IReadOnlyList<CandidateSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _scoreColumns = new int[sources.Count];
        _rankColumns = new int[sources.Count];
        var column = 0;
        for (var s = 0; s < sources.Count; s++)
        {
            _scoreColumns[s] = sources[s].HasScoreFeature ? column++ : -1;
            _rankColumns[s] = column++;
        }

        _shared = column;
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(artists);
        ArgumentNullException.ThrowIfNull(albums);
        ArgumentNullException.ThrowIfNull(genres);
        ArgumentOutOfRangeException.ThrowIfLessThan(recentListens, 1);
        _history = history;
        _stats = stats;
        _artists = artists;
        _albums = albums;
        _genres = genres;
        _recentListens = recentListens;
        var ranked = genres.ByItemCount();
        _topGenres = ranked[..Math.Min(RankerFeatures.TopGenres, ranked.Length)];
        _isTopGenre = new bool[genres.TagCount];
        foreach (var genre in _topGenres)
        {
            _isTopGenre[genre] = true;
        }
    }

    /// <summary>Per-thread scratch for <see cref="Fill"/>.</summary>
    public UserProfile CreateScratch() => new UserProfile(_history, _artists, _albums, _genres, _recentListens);

    /// <summary>
    /// Writes the features of <paramref name="user"/>'s candidates into rows <paramref name="firstRow"/>.. of
    /// <paramref name="table"/> (rows already added). Rows of different users can be filled from different threads.
    /// </summary>
    public void Fill(int user, ReadOnlySpan<Candidate> candidates, FeatureTable table, int firstRow, UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(table);
        profile.Load(user);
        var end = _history.EndDay;
        var listens = profile.Listens;
        var others = 0.0;
        foreach (var genre in profile.Genres)
        {
            others += _isTopGenre[genre] ? 0 : profile.GenreShare(genre);
        }

        for (var c = 0; c < candidates.Length; c++)
        {
            var candidate = candidates[c];
            var item = candidate.Item;
            var full = table.Row(firstRow + c);
            for (var s = 0; s < _rankColumns.Length; s++)
            {
                if (_scoreColumns[s] >= 0)
                {
                    full[_scoreColumns[s]] = candidate.Scores[s];
                }

                full[_rankColumns[s]] = candidate.Ranks[s];
            }

            var row = full[_shared..];
            row[s_sources] = candidate.SourceCount;

            row[s_itemPlays] = _stats.Plays[item];
            row[s_itemListeners] = _stats.Listeners[item];
            row[s_itemRecentPlays] = _stats.RecentPlays[item];
            row[s_itemTrend] = _stats.Trend(item);
            row[s_itemAge] = _stats.FirstDay[item] == int.MaxValue ? float.NaN : end - _stats.FirstDay[item];

            row[s_userListens] = listens;
            row[s_userActiveDays] = profile.ActiveDays;
            row[s_userIdle] = listens == 0 ? float.NaN : end - profile.LastDay;
            if (listens == 0)
            {
                continue;
            }

            var genres = _genres.Of(item);
            if (genres.Length > 0)
            {
                var match = 0.0;
                foreach (var genre in genres)
                {
                    match += profile.GenreShare(genre);
                }

                row[s_genreMatch] = (float)(match / genres.Length);
            }

            var artists = _artists.Of(item);
            if (artists.Length > 0)
            {
                int most = 0, lastDay = -1;
                var recent = false;
                foreach (var artist in artists)
                {
                    most = Math.Max(most, profile.ArtistListens(artist));
                    lastDay = Math.Max(lastDay, profile.ArtistLastDay(artist));
                    recent |= profile.ArtistRecent(artist);
                }

                row[s_artistShare] = (float)most / listens;
                row[s_artistInRecent] = recent ? 1 : 0;
                row[s_daysSinceArtist] = lastDay < 0 ? float.NaN : end - lastDay;
            }

            var albums = _albums.Of(item);
            if (albums.Length > 0)
            {
                var most = 0;
                var recent = false;
                foreach (var album in albums)
                {
                    most = Math.Max(most, profile.AlbumListens(album));
                    recent |= profile.AlbumRecent(album);
                }

                row[s_albumShare] = (float)most / listens;
                row[s_albumInRecent] = recent ? 1 : 0;
            }

            for (var g = 0; g < _topGenres.Length; g++)
            {
                row[s_firstGenreShare + g] = (float)profile.GenreShare(_topGenres[g]);
            }

            row[s_genreOthers] = (float)others;
        }
    }

    private static int Column(string name)
    {
        for (var i = 0; i < RankerFeatures.Shared.Count; i++)
        {
            if (RankerFeatures.Shared[i] == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Feature '{name}' is not in RankerFeatures.Shared.");
    }
}
