using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Ranking.Live;

/// <summary>
/// The live ranker's request, in internal ids: the candidate set (fold-in ALS top-N, tracks similar to the newest
/// events, the offline list, the chart; train items and events never), their features (<see cref="LiveFeatures"/>)
/// and, with a model, their scores. Training rows (<see cref="LiveTrainingRows"/>) and served lists
/// (<see cref="LiveRecommender"/>) both come from <see cref="Build"/>, so what is trained is what is served.
/// </summary>
/// <remarks>Thread-safe; each thread brings its own <see cref="LiveWorking"/>.</remarks>
internal sealed class LiveEngine
{
    private readonly SparseMatrix _train;
    private readonly SimilarToHistory _similar;

    /// <param name="foldIn">Fold-in over the ALS model whose training matrix is every listener's train row.</param>
    /// <param name="similar">Similar tracks, internal ids.</param>
    /// <param name="popular">The chart, internal ids, best first.</param>
    /// <param name="artists">Artists of each item.</param>
    /// <param name="genres">Genres of each item.</param>
    /// <param name="options">Candidate counts.</param>
    public LiveEngine(AlsFoldIn foldIn, SimilarItemsIndex similar, int[] popular, ItemTags artists, ItemTags genres, LiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(foldIn);
        ArgumentNullException.ThrowIfNull(similar);
        ArgumentNullException.ThrowIfNull(popular);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        FoldIn = foldIn;
        Options = options;
        _train = foldIn.Model.UserItems;
        _similar = new SimilarToHistory(similar, SimilarMerge.Max);
        Similar = similar;
        Popular = popular;
        var listeners = new float[foldIn.Model.ItemFactors.Rows];
        foreach (var item in _train.Indices)
        {
            listeners[item]++;
        }

        Features = new LiveFeatures(foldIn.Model.ItemFactors, foldIn.Model.UserFactors, listeners, similar, artists, genres);
    }

    public AlsFoldIn FoldIn { get; }

    public LiveOptions Options { get; }

    public LiveFeatures Features { get; }

    /// <summary>Similar tracks, internal ids.</summary>
    public SimilarItemsIndex Similar { get; }

    /// <summary>The chart, internal ids, best first.</summary>
    public int[] Popular { get; }

    /// <summary>The ALS model's listeners (rows of its training matrix).</summary>
    public int Users => FoldIn.Model.UserFactors.Rows;

    public int Items => FoldIn.Model.ItemFactors.Rows;

    public LiveWorking CreateWorking() =>
        new(FoldIn.CreateScratch(), Options, Features.Artists.TagCount, Features.Genres.TagCount, FoldIn.Model.ItemFactors.Columns);

    /// <summary>Listener <paramref name="user"/>'s train items, ascending (empty for −1).</summary>
    public ReadOnlySpan<int> TrainItems(int user) => user >= 0 && user < _train.Rows ? _train.RowIndices(user) : default;

    /// <summary>
    /// Builds the candidates of <paramref name="user"/> (a model row, −1 unknown) with <paramref name="events"/> (item
    /// rows, newest first, repeats kept) and their <paramref name="offline"/> list (item rows, best first) into
    /// <paramref name="working"/>: <see cref="LiveWorking.Candidates"/> ascending by item, and their feature rows in
    /// <see cref="LiveWorking.Table"/> (cleared first).
    /// </summary>
    /// <returns>How many candidates there are.</returns>
    public int Build(int user, ReadOnlySpan<int> events, ReadOnlySpan<int> offline, LiveWorking working)
    {
        ArgumentNullException.ThrowIfNull(working);
        var train = TrainItems(user);
        working.ReserveEvents(events.Length);
        var distinct = working.Distinct.AsSpan();
        var distinctCount = 0;
        foreach (var e in events)
        {
            if (!distinct[..distinctCount].Contains(e))
            {
                distinct[distinctCount++] = e;
            }
        }

        var newest = distinct[..distinctCount];
        var heard = Heard(train, newest, working);

        // Fold-in: its top-N, and the folded vector for every candidate's foldin_dot (Recommend leaves it in the scratch).
        var options = Options;
        var scratch = working.Scratch;
        var foldInCount = 0;
        bool folded;
        ReadOnlySpan<float> vector;
        if (options.FoldInCandidates > 0)
        {
            foldInCount = FoldIn.Recommend(user, events, working.FoldInItems, working.FoldInScores, scratch);
            folded = scratch.ProblemCount > 0;
            vector = scratch.Query.Row(0);
        }
        else
        {
            folded = FoldIn.Vector(user, events, working.Vector, scratch) > 0;
            vector = working.Vector;
        }

        var similarCount = 0;
        if (options.SimilarCandidates > 0 && distinctCount > 0)
        {
            similarCount = _similar.Recommend(
                newest[..Math.Min(options.SimilarEvents, distinctCount)], heard, working.SimilarItems, working.SimilarScores);
        }

        var candidates = working.Candidates.AsSpan();
        var count = 0;
        for (var r = 0; r < foldInCount; r++)
        {
            candidates[count++] = Candidate.Proposed(LiveFeatures.FoldInSource, working.FoldInItems[r], r, working.FoldInScores[r]);
        }

        for (var r = 0; r < similarCount; r++)
        {
            candidates[count++] = Candidate.Proposed(LiveFeatures.SimilarSource, working.SimilarItems[r], r, (float)working.SimilarScores[r]);
        }

        count = SessionArtists(newest[..Math.Min(options.SimilarEvents, distinctCount)], heard, options.ArtistCandidates, candidates, count);
        count = Unheard(offline, heard, options.OfflineCandidates, LiveFeatures.OfflineSource, candidates, count);
        count = Unheard(Popular, heard, options.PopularCandidates, LiveFeatures.PopularSource, candidates, count);
        count = Candidate.Merge(candidates[..count]);

        var table = working.Table;
        table.Clear();
        for (var c = 0; c < count; c++)
        {
            table.AddRow(0);
        }

        var request = new LiveRequest(user, train, newest, events.Length, folded ? vector : default);
        Features.Fill(request, candidates[..count], table, 0, working);
        return count;
    }

    /// <summary>Scores the <paramref name="count"/> rows of the working table with <paramref name="model"/>, on this thread.</summary>
    public static void Score(RankerModel model, LiveWorking working, int count)
    {
        var scores = working.Scores.AsSpan(0, count);
        if (count == 0)
        {
            return;
        }

        model.Scorer.Score(working.Table.Values, working.Table.Columns, scores, threads: 1);
    }

    /// <summary>
    /// Scores the <paramref name="count"/> rows of the working table in stages (<see cref="StagedScoring"/>): the rows
    /// that go on get their full scores, the rest −∞, so <see cref="Top"/> ranks by full scores only. With k ≥ count
    /// (a filtered request reads every candidate) every row is scored.
    /// </summary>
    /// <param name="model">The live model.</param>
    /// <param name="working">The request's working set, after <see cref="Build"/>.</param>
    /// <param name="count">Candidates built.</param>
    /// <param name="k">How many best candidates are asked for.</param>
    /// <param name="shortlist">−1: every row through every tree; 0: exact pruning only; above 0: the most candidates (at least 2k) that go past the first stage (see <see cref="StagedScoring"/>).</param>
    /// <returns>Tree walks done.</returns>
    public static long ScoreTop(RankerModel model, LiveWorking working, int count, int k, int shortlist = 0)
    {
        if (k >= count || count == 0 || shortlist < 0)
        {
            Score(model, working, count);
            return (long)count * model.Trees;
        }

        // At least 2k go on, so a long list (the seed endpoints' k = 50) keeps room below its last place.
        return StagedScoring.Score(
            model.Scorer, working.Table.Values, working.Table.Columns, count, k, working.Scores, working.Staged,
            shortlist > 0 ? Math.Max(shortlist, 2 * k) : 0);
    }

    /// <summary>
    /// The positions of the best <paramref name="k"/> candidates by score (ties: lower item first), best first, in
    /// <see cref="LiveWorking.Order"/>.
    /// </summary>
    /// <returns>How many positions were written.</returns>
    public static int Top(LiveWorking working, int count, int k)
    {
        var order = working.Order.AsSpan(0, count);
        var scores = working.Scores;
        var candidates = working.Candidates;
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var taken = Math.Min(k, count);
        // A partial selection sort: k is small (10) beside the candidates (~150).
        for (var i = 0; i < taken; i++)
        {
            var best = i;
            for (var j = i + 1; j < count; j++)
            {
                var a = order[j];
                var b = order[best];
                if (scores[a] > scores[b] || (scores[a] == scores[b] && candidates[a].Item < candidates[b].Item))
                {
                    best = j;
                }
            }

            (order[i], order[best]) = (order[best], order[i]);
        }

        return taken;
    }

    /// <summary>Train items ∪ session items, ascending and distinct, in the working set (a merge: train rows can be long).</summary>
    private static ReadOnlySpan<int> Heard(ReadOnlySpan<int> train, ReadOnlySpan<int> session, LiveWorking working)
    {
        working.ReserveHeard(train.Length + session.Length);
        var extra = working.SessionSorted.AsSpan();
        var extras = 0;
        foreach (var item in session)
        {
            if (train.BinarySearch(item) < 0)
            {
                extra[extras++] = item;
            }
        }

        extra = extra[..extras];
        extra.Sort();
        var heard = working.Heard.AsSpan(0, train.Length + extras);
        int t = 0, e = 0, h = 0;
        while (t < train.Length || e < extras)
        {
            heard[h++] = e == extras || (t < train.Length && train[t] < extra[e]) ? train[t++] : extra[e++];
        }

        return heard;
    }

    /// <summary>
    /// Proposes up to <paramref name="wanted"/> unheard tracks of the artists of <paramref name="newest"/> (newest event
    /// first, each artist's most heard tracks first): the continuation of an artist run.
    /// </summary>
    private int SessionArtists(ReadOnlySpan<int> newest, ReadOnlySpan<int> heard, int wanted, Span<Candidate> into, int count)
    {
        var first = count;
        var rank = 0;
        foreach (var e in newest)
        {
            foreach (var artist in Features.Artists.Of(e))
            {
                foreach (var track in Features.TracksOf(artist))
                {
                    if (rank == wanted)
                    {
                        return count;
                    }

                    if (heard.BinarySearch(track) >= 0 || Proposed(into[first..count], track))
                    {
                        continue;
                    }

                    into[count++] = Candidate.Proposed(LiveFeatures.ArtistSource, track, rank++, float.NaN);
                }
            }
        }

        return count;
    }

    private static bool Proposed(ReadOnlySpan<Candidate> candidates, int item)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Item == item)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Proposes the first <paramref name="wanted"/> unheard items of <paramref name="ranked"/> as source <paramref name="source"/>.</summary>
    private static int Unheard(ReadOnlySpan<int> ranked, ReadOnlySpan<int> heard, int wanted, int source, Span<Candidate> into, int count)
    {
        var rank = 0;
        foreach (var item in ranked)
        {
            if (rank == wanted)
            {
                break;
            }

            if (heard.BinarySearch(item) >= 0)
            {
                continue;
            }

            into[count++] = Candidate.Proposed(source, item, rank++, float.NaN);
        }

        return count;
    }
}
