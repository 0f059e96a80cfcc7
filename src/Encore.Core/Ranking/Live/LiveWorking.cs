using Encore.Core.Models.Als;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Ranking.Live;

/// <summary>
/// One thread's working memory for a live request: the fold-in's scratch, each source's buffer, the merged
/// candidates, their feature rows and scores, and the listener's artist and genre counts. Buffers grow to the
/// longest history seen, so a request allocates nothing once warm. Not thread-safe: one per concurrent request.
/// </summary>
internal sealed class LiveWorking
{
    private readonly List<int> _touchedArtists = [];
    private readonly List<int> _touchedGenres = [];

    public LiveWorking(AlsFoldInScratch scratch, LiveOptions options, int artists, int genres, int factors)
    {
        Scratch = scratch;
        var max = options.MaxCandidates;
        FoldInItems = new int[options.FoldInCandidates];
        FoldInScores = new float[options.FoldInCandidates];
        SimilarItems = new int[options.SimilarCandidates];
        SimilarScores = new double[options.SimilarCandidates];
        Candidates = new Candidate[max];
        SimilarMax = new float[max];
        SimilarSum = new float[max];
        Scores = new float[max];
        Order = new int[max];
        Staged = new StagedWork(max);
        Table = new FeatureTable(LiveFeatures.Names, max);
        ArtistCount = new int[artists];
        GenreWeight = new double[genres];
        Vector = new float[factors];
    }

    public AlsFoldInScratch Scratch { get; }

    public int[] FoldInItems { get; }

    public float[] FoldInScores { get; }

    public int[] SimilarItems { get; }

    public double[] SimilarScores { get; }

    public Candidate[] Candidates { get; }

    public float[] SimilarMax { get; }

    public float[] SimilarSum { get; }

    public float[] Scores { get; }

    public int[] Order { get; }

    /// <summary>The staged scorer's sums and surviving rows.</summary>
    public StagedWork Staged { get; }

    public FeatureTable Table { get; }

    /// <summary>Listens of the current listener's train row per artist.</summary>
    public int[] ArtistCount { get; }

    /// <summary>Train-row weight per genre (each item's genres weigh 1/their count).</summary>
    public double[] GenreWeight { get; }

    /// <summary>The folded-in vector.</summary>
    public float[] Vector { get; }

    /// <summary>The request's events in internal ids, newest first.</summary>
    public int[] Events { get; private set; } = new int[16];

    /// <summary>The request's distinct events, newest first.</summary>
    public int[] Distinct { get; private set; } = new int[16];

    /// <summary>The session's items not in the train row, sorted.</summary>
    public int[] SessionSorted { get; private set; } = new int[16];

    /// <summary>Train items ∪ events, ascending.</summary>
    public int[] Heard { get; private set; } = new int[64];

    /// <summary>The offline list in internal ids.</summary>
    public int[] Offline { get; private set; } = new int[64];

    public void ReserveEvents(int events)
    {
        if (Events.Length < events)
        {
            Events = new int[Math.Max(events, 2 * Events.Length)];
            Distinct = new int[Events.Length];
            SessionSorted = new int[Events.Length];
        }
    }

    public void ReserveHeard(int items)
    {
        if (Heard.Length < items)
        {
            Heard = new int[Math.Max(items, 2 * Heard.Length)];
        }
    }

    public void ReserveOffline(int items)
    {
        if (Offline.Length < items)
        {
            Offline = new int[Math.Max(items, 2 * Offline.Length)];
        }
    }

    /// <summary>Forgets the previous listener's counts and counts <paramref name="train"/>'s artists and genres.</summary>
    public void LoadProfile(ReadOnlySpan<int> train, ItemTags artists, ItemTags genres)
    {
        foreach (var artist in _touchedArtists)
        {
            ArtistCount[artist] = 0;
        }

        foreach (var genre in _touchedGenres)
        {
            GenreWeight[genre] = 0;
        }

        _touchedArtists.Clear();
        _touchedGenres.Clear();
        foreach (var item in train)
        {
            foreach (var artist in artists.Of(item))
            {
                if (ArtistCount[artist]++ == 0)
                {
                    _touchedArtists.Add(artist);
                }
            }

            var itemGenres = genres.Of(item);
            foreach (var genre in itemGenres)
            {
                if (GenreWeight[genre] == 0)
                {
                    _touchedGenres.Add(genre);
                }

                GenreWeight[genre] += 1.0 / itemGenres.Length;
            }
        }
    }
}
