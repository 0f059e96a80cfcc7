using System.Numerics.Tensors;
using Encore.Core.Linalg;
using Encore.Core.Models.Similar;

namespace Encore.Core.Ranking.Live;

/// <summary>
/// The live ranker's one feature builder: the same code fills a training row (replayed from the label window,
/// <see cref="LiveTrainingRows"/>) and a request's rows (<see cref="LiveRecommender"/>), so the two cannot drift.
/// Per (listener, history, candidate): each request-time source's rank and score, the track's reach, the listener's
/// long-term taste (their train row, as the ALS model holds it) and the session — how the track relates to the
/// newest events (similar-tracks score and ALS cosine, max and mean; shared artists and genres; whether it continues
/// the newest event's artist or genre run).
/// </summary>
/// <remarks>
/// Everything here is read from the serving set itself (als_model.bin, similar.parquet, catalog.parquet, the offline
/// lists and the chart), never from the prepared data, so a request needs nothing the service does not load. The
/// events store keeps no listening time, so "time since the last listen" is not a feature: the data has none.
/// </remarks>
internal sealed class LiveFeatures
{
    // The request-time sources, in the order of a candidate's ranks and scores.
    public const int FoldInSource = 0;
    public const int SimilarSource = 1;
    public const int ArtistSource = 2;
    public const int OfflineSource = 3;
    public const int PopularSource = 4;

    /// <summary>The sources' names (the features' prefixes, and what explanations call them).</summary>
    public static IReadOnlyList<string> SourceNames { get; } = ["foldin", "session_similar", "session_artist", "offline", "popular"];

    private static readonly bool[] s_sourceScores = [true, true, false, false, false];

    public const string Sources = "sources";
    public const string ItemListeners = "item_listeners";

    /// <summary>The track's place among its artist's tracks by train listeners (1 = the artist's most heard).</summary>
    public const string ArtistTrackRank = "artist_track_rank";
    public const string AlsScore = "als_score";
    public const string FoldInDot = "foldin_dot";
    public const string UserItems = "user_items";
    public const string GenreMatch = "genre_match";
    public const string ArtistShare = "artist_share";
    public const string SessionEvents = "session_events";
    public const string SessionSimilarMax = "session_sim_max";
    public const string SessionSimilarMean = "session_sim_mean";
    public const string SessionAlsMax = "session_als_max";
    public const string SessionAlsMean = "session_als_mean";
    public const string SessionArtistShare = "session_artist_share";
    public const string SessionGenreShare = "session_genre_share";
    public const string NewestArtistMatch = "newest_artist_match";
    public const string NewestGenreMatch = "newest_genre_match";
    public const string NewestArtistRun = "newest_artist_run";
    public const string NewestGenreRun = "newest_genre_run";

    /// <summary>Every feature, in column order: the sources' scores and ranks, then the rest.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. SourceColumns(),
        Sources, ItemListeners, ArtistTrackRank, AlsScore, FoldInDot, UserItems, GenreMatch, ArtistShare,
        SessionEvents, SessionSimilarMax, SessionSimilarMean, SessionAlsMax, SessionAlsMean,
        SessionArtistShare, SessionGenreShare, NewestArtistMatch, NewestGenreMatch, NewestArtistRun, NewestGenreRun,
    ];

    private static readonly int[] s_scoreColumns = [.. Enumerable.Range(0, SourceNames.Count).Select(s => s_sourceScores[s] ? Column($"{SourceNames[s]}_score") : -1)];
    private static readonly int[] s_rankColumns = [.. Enumerable.Range(0, SourceNames.Count).Select(s => Column($"{SourceNames[s]}_rank"))];
    private static readonly int s_sources = Column(Sources);
    private static readonly int s_listeners = Column(ItemListeners);
    private static readonly int s_artistRank = Column(ArtistTrackRank);
    private static readonly int s_als = Column(AlsScore);
    private static readonly int s_foldIn = Column(FoldInDot);
    private static readonly int s_userItems = Column(UserItems);
    private static readonly int s_genreMatch = Column(GenreMatch);
    private static readonly int s_artistShare = Column(ArtistShare);
    private static readonly int s_events = Column(SessionEvents);
    private static readonly int s_simMax = Column(SessionSimilarMax);
    private static readonly int s_simMean = Column(SessionSimilarMean);
    private static readonly int s_alsMax = Column(SessionAlsMax);
    private static readonly int s_alsMean = Column(SessionAlsMean);
    private static readonly int s_artistSession = Column(SessionArtistShare);
    private static readonly int s_genreSession = Column(SessionGenreShare);
    private static readonly int s_newestArtist = Column(NewestArtistMatch);
    private static readonly int s_newestGenre = Column(NewestGenreMatch);
    private static readonly int s_artistRun = Column(NewestArtistRun);
    private static readonly int s_genreRun = Column(NewestGenreRun);

    private readonly FactorMatrix _items;
    private readonly FactorMatrix _users;
    private readonly float[] _norms;
    private readonly float[] _listeners;
    private readonly SimilarItemsIndex _similar;
    private readonly int[] _artistOffsets;
    private readonly int[] _artistTracks;
    private readonly float[] _artistRank;

    /// <param name="items">The ALS item factors (rows = internal item ids).</param>
    /// <param name="users">The ALS user factors (rows = internal user ids).</param>
    /// <param name="listeners">Each item's train listeners (the ALS training matrix's column counts).</param>
    /// <param name="similar">Similar tracks in internal ids.</param>
    /// <param name="artists">Artists of each item.</param>
    /// <param name="genres">Genres of each item.</param>
    public LiveFeatures(FactorMatrix items, FactorMatrix users, float[] listeners, SimilarItemsIndex similar, ItemTags artists, ItemTags genres)
    {
        _items = items;
        _users = users;
        _listeners = listeners;
        _similar = similar;
        Artists = artists;
        Genres = genres;
        _norms = new float[items.Rows];
        for (var i = 0; i < _norms.Length; i++)
        {
            _norms[i] = TensorPrimitives.Norm(items.Row(i));
        }

        (_artistOffsets, _artistTracks, _artistRank) = ByArtist(artists, listeners);
    }

    /// <summary>The tracks of <paramref name="artist"/>, most train listeners first (ties: lower item).</summary>
    public ReadOnlySpan<int> TracksOf(int artist) => _artistTracks.AsSpan(_artistOffsets[artist], _artistOffsets[artist + 1] - _artistOffsets[artist]);

    public ItemTags Artists { get; }

    public ItemTags Genres { get; }

    /// <summary>
    /// Fills rows <paramref name="firstRow"/>.. of <paramref name="table"/> (already added) with the features of
    /// <paramref name="candidates"/> (ascending by item) for <paramref name="request"/>.
    /// </summary>
    public void Fill(in LiveRequest request, ReadOnlySpan<Candidate> candidates, FeatureTable table, int firstRow, LiveWorking working)
    {
        var train = request.TrainItems;
        var events = request.Distinct;
        working.LoadProfile(train, Artists, Genres);
        var simMax = working.SimilarMax.AsSpan(0, candidates.Length);
        var simSum = working.SimilarSum.AsSpan(0, candidates.Length);
        simMax.Clear();
        simSum.Clear();
        foreach (var e in events)
        {
            var index = _similar.IndexOf(e);
            if (index < 0)
            {
                continue;
            }

            var neighbours = _similar.Neighbours(index);
            var scores = _similar.Scores(index);
            for (var p = 0; p < neighbours.Length; p++)
            {
                var at = BinarySearch(candidates, neighbours[p]);
                if (at >= 0)
                {
                    var score = (float)scores[p];
                    simMax[at] = Math.Max(simMax[at], score);
                    simSum[at] += score;
                }
            }
        }

        var artistRun = Run(events, Artists);
        var genreRun = Run(events, Genres);
        var userVector = request.User >= 0 ? _users.Row(request.User) : default;
        var folded = request.FoldedVector;
        for (var c = 0; c < candidates.Length; c++)
        {
            var candidate = candidates[c];
            var item = candidate.Item;
            var row = table.Row(firstRow + c);
            for (var s = 0; s < s_rankColumns.Length; s++)
            {
                if (s_scoreColumns[s] >= 0)
                {
                    row[s_scoreColumns[s]] = candidate.Scores[s];
                }

                row[s_rankColumns[s]] = candidate.Ranks[s];
            }

            var y = _items.Row(item);
            row[s_sources] = candidate.SourceCount;
            row[s_listeners] = _listeners[item];
            row[s_artistRank] = _artistRank[item];
            row[s_als] = userVector.IsEmpty ? float.NaN : TensorPrimitives.Dot(userVector, y);
            row[s_foldIn] = folded.IsEmpty ? float.NaN : TensorPrimitives.Dot(folded, y);
            row[s_userItems] = train.Length;
            if (train.Length > 0)
            {
                var artists = Artists.Of(item);
                if (artists.Length > 0)
                {
                    var most = 0;
                    foreach (var artist in artists)
                    {
                        most = Math.Max(most, working.ArtistCount[artist]);
                    }

                    row[s_artistShare] = (float)most / train.Length;
                }

                var genres = Genres.Of(item);
                if (genres.Length > 0)
                {
                    var match = 0.0;
                    foreach (var genre in genres)
                    {
                        match += working.GenreWeight[genre];
                    }

                    row[s_genreMatch] = (float)(match / genres.Length / train.Length);
                }
            }

            row[s_events] = request.EventCount;
            if (events.IsEmpty)
            {
                continue;
            }

            row[s_simMax] = simMax[c];
            row[s_simMean] = simSum[c] / events.Length;
            float alsMax = float.NegativeInfinity, alsSum = 0;
            int sameArtist = 0, sameGenre = 0;
            var norm = _norms[item];
            var itemArtists = Artists.Of(item);
            var itemGenres = Genres.Of(item);
            foreach (var e in events)
            {
                var denominator = norm * _norms[e];
                var cosine = denominator > 0 ? TensorPrimitives.Dot(y, _items.Row(e)) / denominator : 0f;
                alsMax = Math.Max(alsMax, cosine);
                alsSum += cosine;
                sameArtist += Overlap(itemArtists, Artists.Of(e)) ? 1 : 0;
                sameGenre += Overlap(itemGenres, Genres.Of(e)) ? 1 : 0;
            }

            row[s_alsMax] = alsMax;
            row[s_alsMean] = alsSum / events.Length;
            row[s_artistSession] = (float)sameArtist / events.Length;
            row[s_genreSession] = (float)sameGenre / events.Length;
            row[s_newestArtist] = Overlap(itemArtists, Artists.Of(events[0])) ? 1 : 0;
            row[s_newestGenre] = Overlap(itemGenres, Genres.Of(events[0])) ? 1 : 0;
            row[s_artistRun] = artistRun;
            row[s_genreRun] = genreRun;
        }
    }

    /// <summary>Each artist's tracks by listeners (CSR), and each track's best place among its artists' (NaN without artist).</summary>
    private static (int[] Offsets, int[] Tracks, float[] Rank) ByArtist(ItemTags artists, float[] listeners)
    {
        var offsets = new int[artists.TagCount + 1];
        for (var item = 0; item < artists.ItemCount; item++)
        {
            foreach (var artist in artists.Of(item))
            {
                offsets[artist + 1]++;
            }
        }

        for (var a = 0; a < artists.TagCount; a++)
        {
            offsets[a + 1] += offsets[a];
        }

        var tracks = new int[offsets[^1]];
        var next = offsets[..^1];
        for (var item = 0; item < artists.ItemCount; item++)
        {
            foreach (var artist in artists.Of(item))
            {
                tracks[next[artist]++] = item;
            }
        }

        var rank = new float[listeners.Length];
        Array.Fill(rank, float.NaN);
        for (var a = 0; a < artists.TagCount; a++)
        {
            var own = tracks.AsSpan(offsets[a], offsets[a + 1] - offsets[a]);
            own.Sort((x, y) => listeners[x] != listeners[y] ? listeners[y].CompareTo(listeners[x]) : x.CompareTo(y));
            for (var r = 0; r < own.Length; r++)
            {
                rank[own[r]] = float.IsNaN(rank[own[r]]) ? r + 1 : Math.Min(rank[own[r]], r + 1);
            }
        }

        return (offsets, tracks, rank);
    }

    /// <summary>How many of the newest events in a row share a tag with the newest one (1 when only it has the tag).</summary>
    private static int Run(ReadOnlySpan<int> newestFirst, ItemTags tags)
    {
        if (newestFirst.IsEmpty)
        {
            return 0;
        }

        var newest = tags.Of(newestFirst[0]);
        var run = 1;
        while (run < newestFirst.Length && Overlap(newest, tags.Of(newestFirst[run])))
        {
            run++;
        }

        return run;
    }

    /// <summary>Whether two ascending tag lists share a tag.</summary>
    private static bool Overlap(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                return true;
            }

            if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return false;
    }

    private static int BinarySearch(ReadOnlySpan<Candidate> candidates, int item)
    {
        int low = 0, high = candidates.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var at = candidates[middle].Item;
            if (at == item)
            {
                return middle;
            }

            if (at < item)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private static IEnumerable<string> SourceColumns()
    {
        for (var s = 0; s < SourceNames.Count; s++)
        {
            if (s_sourceScores[s])
            {
                yield return $"{SourceNames[s]}_score";
            }

            yield return $"{SourceNames[s]}_rank";
        }
    }

    private static int Column(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Feature '{name}' is not in LiveFeatures.Names.");
    }
}
