using Encore.Core.Ranking.Candidates;

namespace Encore.Core.Ranking;

/// <summary>
/// The ranker's feature names, in column order. Most are per (user, track) or per track, unlike the seed's ranker
/// whose features were all per user but one (docs/seed.md §4.6), so it could only reorder by ALS score.
/// </summary>
public static class RankerFeatures
{
    // Each registered candidate source's score and rank come first (CandidateSources.Features), then these.

    /// <summary>How many sources proposed the track.</summary>
    public const string Sources = "sources";

    // The track.
    public const string ItemPlays = "item_plays";
    public const string ItemListeners = "item_listeners";
    public const string ItemRecentPlays = "item_recent_plays";

    /// <summary>(recent plays + 1) / (plays in the window before + 1).</summary>
    public const string ItemTrend = "item_trend";

    public const string ItemDaysSinceFirstPlay = "item_days_since_first_play";

    // The user.
    public const string UserListens = "user_listens";
    public const string UserActiveDays = "user_active_days";
    public const string UserDaysSinceLastListen = "user_days_since_last_listen";

    // The user and the track.

    /// <summary>The user's genre profile (mean L1-normalised genre vector of their listens) · the track's normalised genres.</summary>
    public const string GenreMatch = "genre_match";

    /// <summary>The largest share of the user's listens by one of the track's artists.</summary>
    public const string ArtistShare = "artist_share";

    /// <summary>The largest share of the user's listens from one of the track's albums.</summary>
    public const string AlbumShare = "album_share";

    /// <summary>1 when one of the track's artists is among the user's recent listens, else 0.</summary>
    public const string ArtistInRecent = "artist_in_recent";

    /// <summary>1 when one of the track's albums is among the user's recent listens, else 0.</summary>
    public const string AlbumInRecent = "album_in_recent";

    /// <summary>Days since the user last heard one of the track's artists; NaN when never.</summary>
    public const string DaysSinceArtist = "days_since_artist";

    /// <summary>The user's genre profile share of the catalogue's i-th most common genre (the seed's genre_0, genre_20, …).</summary>
    public static string GenreShare(int i) => $"genre_share_{i + 1}";

    /// <summary>The profile share of every genre outside the top ones (the seed's genre_others).</summary>
    public const string GenreOthers = "genre_others";

    /// <summary>How many top genres get their own share column, as the seed's ranker.</summary>
    public const int TopGenres = 10;

    /// <summary>
    /// Names a person can read for the features whose column name is a number: each <c>genre_share_i</c> becomes
    /// "listener's share of &lt;genre&gt;", <c>genre_others</c> "listener's share of other genres". Others keep their name.
    /// </summary>
    /// <param name="tags">The ranker's catalogue tags (its top genres are the ones <see cref="FeatureBuilder"/> uses).</param>
    /// <param name="genreNames">Genre names by catalogue genre id; an id without a name keeps its column name.</param>
    public static Dictionary<string, string> Labels(CatalogTags tags, IReadOnlyDictionary<int, string> genreNames)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(genreNames);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var ranked = tags.Genres.ByItemCount();
        for (var i = 0; i < Math.Min(TopGenres, ranked.Length); i++)
        {
            var tag = ranked[i];
            if (tag < tags.GenreIds.Count && genreNames.TryGetValue(tags.GenreIds[tag], out var name))
            {
                labels[GenreShare(i)] = $"listener's share of {name}";
            }
        }

        labels[GenreOthers] = $"listener's share of other genres";
        return labels;
    }

    /// <summary>
    /// "listener's share of rock (genre_share_1)": a feature's readable name from <paramref name="labels"/> (ranker.json's
    /// <c>feature_labels</c>, <see cref="Labels"/>) with the column name kept for lookup; the column name alone when it has none.
    /// </summary>
    public static string Readable(string feature, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.TryGetValue(feature, out var label) && label != feature ? $"{label} ({feature})" : feature;
    }

    /// <summary>The features after the sources' own, whatever sources are registered, in column order.</summary>
    public static IReadOnlyList<string> Shared { get; } =
    [
        Sources,
        ItemPlays, ItemListeners, ItemRecentPlays, ItemTrend, ItemDaysSinceFirstPlay,
        UserListens, UserActiveDays, UserDaysSinceLastListen,
        GenreMatch, ArtistShare, AlbumShare, ArtistInRecent, AlbumInRecent, DaysSinceArtist,
        .. Enumerable.Range(0, TopGenres).Select(GenreShare), GenreOthers,
    ];

    /// <summary>Every feature of the default sources (<see cref="CandidateSources.Default"/>) in column order.</summary>
    public static IReadOnlyList<string> All { get; } = For(CandidateSources.Default);

    /// <summary>Every feature in column order with <paramref name="sources"/> registered: theirs, then <see cref="Shared"/>.</summary>
    public static IReadOnlyList<string> For(IReadOnlyList<CandidateSource> sources) => [.. CandidateSources.Features(sources), .. Shared];
}
