using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;

namespace Encore.Core.Models.Similar;

/// <summary>
/// Content-based similar tracks, as the seed's README promised (docs/seed.md §4.4, §9.7): the cosine of IDF-weighted
/// binary genre vectors, ties broken by train plays (desc), then item id. Items with identical genre sets score
/// identically, and a catalogue has few distinct sets, so sets are scored against sets and each set's best
/// neighbours are picked once for all its items.
/// </summary>
/// <remarks>
/// With N items and df(g) items carrying genre g, idf(g) = ln((1 + N) / (1 + df(g))) + 1 (scikit-learn's smoothed
/// IDF, so a genre on every item still counts), and cos(A, B) = Σ_{g∈A∩B} idf(g)² / (‖A‖‖B‖) with
/// ‖A‖² = Σ_{g∈A} idf(g)². An item without genres has cosine 0 to every item.
/// </remarks>
public sealed class GenreItemSimilarity : IItemSimilarity
{
    private int[]? _candidates;
    private long[]? _plays;
    private int[] _setOf = [];
    private int[] _setGenreStart = [];
    private int[] _setGenres = [];
    private double[] _setNorms = [];
    private int[] _memberStart = [];
    private int[] _members = [];
    private double[] _idf = [];

    public ReadOnlySpan<int> Candidates => _candidates ?? throw NotFitted();

    /// <summary>Number of distinct genre sets among the candidates.</summary>
    public int SetCount => _setNorms.Length;

    /// <summary>The IDF weight of every genre column.</summary>
    public ReadOnlySpan<double> Idf => _idf;

    /// <param name="itemGenres">Items×genres, a stored cell per (item, genre) pair; values are ignored.</param>
    /// <param name="itemPlays">Train plays of every item (the tie-break).</param>
    /// <param name="candidates">Internal ids of the items with train listens, strictly ascending.</param>
    public void Fit(SparseMatrix itemGenres, ReadOnlySpan<long> itemPlays, ReadOnlySpan<int> candidates)
    {
        ArgumentNullException.ThrowIfNull(itemGenres);
        CandidateSet.Check(candidates, itemGenres.Rows);
        if (itemPlays.Length != itemGenres.Rows)
        {
            throw new EncoreException($"Genre similarity got plays for {itemPlays.Length} items but genres for {itemGenres.Rows}.");
        }

        _idf = InverseDocumentFrequency(itemGenres);
        var cands = candidates.ToArray();
        var plays = new long[cands.Length];
        for (var c = 0; c < cands.Length; c++)
        {
            plays[c] = itemPlays[cands[c]];
        }

        // Candidates in genre-set order, each set's members by popularity: equal sets end up adjacent.
        var order = new int[cands.Length];
        for (var c = 0; c < order.Length; c++)
        {
            order[c] = c;
        }

        Array.Sort(order, (a, b) =>
        {
            var bySet = itemGenres.RowIndices(cands[a]).SequenceCompareTo(itemGenres.RowIndices(cands[b]));
            return bySet != 0 ? bySet : ByPopularity(plays, a, b);
        });

        var setOf = new int[cands.Length];
        var memberStart = new List<int>();
        var setGenreStart = new List<int> { 0 };
        var setGenres = new List<int>();
        var norms = new List<double>();
        for (var p = 0; p < order.Length; p++)
        {
            var genres = itemGenres.RowIndices(cands[order[p]]);
            if (p == 0 || !genres.SequenceEqual(itemGenres.RowIndices(cands[order[p - 1]])))
            {
                memberStart.Add(p);
                var norm = 0.0;
                foreach (var g in genres)
                {
                    setGenres.Add(g);
                    norm += _idf[g] * _idf[g];
                }

                setGenreStart.Add(setGenres.Count);
                norms.Add(Math.Sqrt(norm));
            }

            setOf[order[p]] = norms.Count - 1;
        }

        memberStart.Add(order.Length);
        _candidates = cands;
        _plays = plays;
        _setOf = setOf;
        _members = order;
        _memberStart = [.. memberStart];
        _setGenreStart = [.. setGenreStart];
        _setGenres = [.. setGenres];
        _setNorms = [.. norms];
    }

    public int SimilarItems(int item, Span<int> items, Span<float> scores)
    {
        var candidates = _candidates ?? throw NotFitted();
        var at = CandidateSet.IndexOf(candidates, item);
        var k = Math.Min(items.Length, scores.Length);
        var scratch = new SetScratch(SetCount, k + 1);
        var pool = BestOfSet(_setOf[at], k + 1, scratch);
        return Emit(at, pool, scratch, items[..k], scores);
    }

    public SimilarItemLists SimilarToAll(int k, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        var candidates = _candidates ?? throw NotFitted();
        CandidateSet.CheckK(k);
        var batch = new TopKBatch(candidates.Length, k);
        var scratch = new SetScratch(SetCount, k + 1);
        for (var set = 0; set < SetCount; set++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pool = BestOfSet(set, k + 1, scratch);
            for (var m = _memberStart[set]; m < _memberStart[set + 1]; m++)
            {
                var source = _members[m];
                batch.SetCount(source, Emit(source, pool, scratch, batch.ItemSlot(source), batch.ScoreSlot(source)));
            }

            if ((set & 255) == 255 || set == SetCount - 1)
            {
                progress?.Report(new ProgressUpdate("Similar items (genre)", set + 1, SetCount, "genre sets"));
            }
        }

        return new SimilarItemLists(candidates, batch);
    }

    /// <summary>cos(A, B) of two genre sets by merging their ascending genre ids.</summary>
    public double SetCosine(int a, int b)
    {
        var denominator = _setNorms[a] * _setNorms[b];
        if (!(denominator > 0))
        {
            return 0;
        }

        var ga = _setGenres.AsSpan(_setGenreStart[a], _setGenreStart[a + 1] - _setGenreStart[a]);
        var gb = _setGenres.AsSpan(_setGenreStart[b], _setGenreStart[b + 1] - _setGenreStart[b]);
        var dot = 0.0;
        int i = 0, j = 0;
        while (i < ga.Length && j < gb.Length)
        {
            if (ga[i] == gb[j])
            {
                dot += _idf[ga[i]] * _idf[ga[i]];
                i++;
                j++;
            }
            else if (ga[i] < gb[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return dot / denominator;
    }

    // The best `take` candidates for any item of set `a` before excluding the item itself: sets by cosine, each
    // contributing its most popular members, until no set of lower cosine can still enter.
    private int BestOfSet(int a, int take, SetScratch s)
    {
        var sets = SetCount;
        for (var b = 0; b < sets; b++)
        {
            s.Keys[b] = -SetCosine(a, b);
            s.Order[b] = b;
        }

        Array.Sort(s.Keys, s.Order, 0, sets);
        var plays = _plays!;
        var pooled = 0;
        for (var o = 0; o < sets; o++)
        {
            if (pooled >= take && s.Keys[o] > s.Keys[o - 1])
            {
                break;
            }

            var b = s.Order[o];
            var end = Math.Min(_memberStart[b + 1], _memberStart[b] + take);
            for (var m = _memberStart[b]; m < end; m++)
            {
                s.Pool[pooled++] = new Neighbour(-s.Keys[o], plays[_members[m]], _members[m]);
            }
        }

        Array.Sort(s.Pool, 0, pooled);
        return Math.Min(pooled, take);
    }

    private int Emit(int source, int pool, SetScratch s, Span<int> items, Span<float> scores)
    {
        var written = 0;
        for (var p = 0; p < pool && written < items.Length; p++)
        {
            var neighbour = s.Pool[p];
            if (neighbour.Position == source)
            {
                continue;
            }

            items[written] = _candidates![neighbour.Position];
            scores[written++] = (float)neighbour.Cosine;
        }

        return written;
    }

    private static int ByPopularity(long[] plays, int a, int b) =>
        plays[a] != plays[b] ? plays[b].CompareTo(plays[a]) : a.CompareTo(b);

    private static double[] InverseDocumentFrequency(SparseMatrix itemGenres)
    {
        var df = new int[itemGenres.Columns];
        foreach (var g in itemGenres.Indices)
        {
            df[g]++;
        }

        var idf = new double[df.Length];
        for (var g = 0; g < idf.Length; g++)
        {
            idf[g] = Math.Log((1.0 + itemGenres.Rows) / (1.0 + df[g])) + 1.0;
        }

        return idf;
    }

    private static InvalidOperationException NotFitted() => new("The genre similarity is not fitted; call Fit first.");

    /// <summary>Buffers reused across sets, so scoring a set allocates nothing.</summary>
    private sealed class SetScratch(int sets, int take)
    {
        public double[] Keys { get; } = new double[sets];

        public int[] Order { get; } = new int[sets];

        // Each set adds at most `take` members, and a set is only added while fewer than `take` are pooled or
        // it ties the last one, so `take` per set bounds the pool.
        public Neighbour[] Pool { get; } = new Neighbour[take * Math.Max(1, sets)];
    }

    /// <summary>A pooled candidate, ordered by cosine desc, plays desc, then position (= item id) asc.</summary>
    private readonly record struct Neighbour(double Cosine, long Plays, int Position) : IComparable<Neighbour>
    {
        public int CompareTo(Neighbour other) =>
            Cosine != other.Cosine ? other.Cosine.CompareTo(Cosine)
            : Plays != other.Plays ? other.Plays.CompareTo(Plays)
            : Position.CompareTo(other.Position);
    }
}
