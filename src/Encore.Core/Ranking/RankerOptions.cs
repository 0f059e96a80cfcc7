using Encore.Core.Models.Similar;
using Encore.Core.Ranking.Candidates;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Ranking;

/// <summary>Parameters of <see cref="RankerTrainer.Train(string, string, RankerOptions, IProgress{ProgressUpdate}?, CancellationToken)"/> (the pipeline's <c>ranker</c> section, <c>encore train --ranker-*</c>).</summary>
public sealed record RankerOptions
{
    /// <summary>ALS candidates per user.</summary>
    public int AlsCandidates { get; init; } = 100;

    /// <summary>Candidates similar to the user's recent listens.</summary>
    public int SimilarCandidates { get; init; } = 30;

    /// <summary>Most popular unheard tracks per user.</summary>
    public int PopularCandidates { get; init; } = 20;

    /// <summary>Recent distinct listens whose similar tracks are candidates.</summary>
    public int HistoryLength { get; init; } = SimilarToHistory.DefaultHistoryLength;

    /// <summary>Last listens whose artists and albums count as "recent" in the features.</summary>
    public int RecentListens { get; init; } = 20;

    /// <summary>The last days before the split whose listens are the training labels.</summary>
    public int LabelWindowDays { get; init; } = 14;

    /// <summary>Days of the "recent plays" window of track popularity (and of the window before it, for the trend).</summary>
    public int PopularityWindowDays { get; init; } = 14;

    /// <summary>Negative candidates kept per positive of a user (at least this many for a user with none), drawn with <see cref="Seed"/>.</summary>
    public int NegativesPerPositive { get; init; } = 10;

    /// <summary>Users with label-window listens to train on, drawn with <see cref="Seed"/>; 0 = all of them.</summary>
    public int TrainUsers { get; init; } = 100_000;

    /// <summary>
    /// Clusters each track's fast similar search probes on the fit part (0 = train's similar_probes). The ranker
    /// learns from these lists: at full scale 24 (recall@10 0.978 against 0.991) gave it 1.2 % less NDCG@10 on the
    /// mean of three seeds, within those seeds' spread but not shown to be free, so the default follows train
    /// (bench/RESULTS.md, issue 17).
    /// </summary>
    public int FitPartSimilarProbes { get; init; }

    /// <summary>Recommendations per user in recommendations.parquet.</summary>
    public int Recommendations { get; init; } = 50;

    /// <summary>
    /// Candidates per user that go on past the first <see cref="ShortlistTrees"/> trees when recommendations.parquet is
    /// scored: every candidate goes through those, then only the user's best this many by that partial score through
    /// the rest, and the written list is ranked by their full scores (docs/ranker.md, "Scoring in stages"). At least
    /// <see cref="Recommendations"/>; 0 scores every candidate through every tree.
    /// </summary>
    public int Shortlist { get; init; } = 75;

    /// <summary>The trees every candidate goes through before the <see cref="Shortlist"/> is drawn.</summary>
    public int ShortlistTrees { get; init; } = 25;

    /// <summary>
    /// Add every feature as a column of recommendations.parquet (after user_id, item_id, score, rank; null = missing),
    /// for inspecting why a track was ranked where it was. Off by default: it makes the file several times larger.
    /// </summary>
    public bool FeatureColumns { get; init; }

    /// <summary>
    /// Also train the live ranker (live_model.bin, live_ranker.json: <c>kind=live</c>, docs/ranker.md) on the same
    /// label window. Off, the set serves <c>kind=live</c> degraded to the blend, and training skips its cost.
    /// </summary>
    public bool Live { get; init; } = true;

    /// <summary>Random seed of the user sample and the negative sampling.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// The registered candidate sources, in feature-column order (<see cref="CandidateSources.Default"/>). Not a
    /// setting of encore.json: a new source is registered in code, and the defaults' outputs never change.
    /// </summary>
    internal IReadOnlyList<CandidateSource> Sources { get; init; } = CandidateSources.Default;

    /// <summary>The LightGBM model.</summary>
    public RankerModelOptions Model { get; init; } = new() { Objective = RankerObjective.LambdaRank };

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="EncoreException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        Check(AlsCandidates, 1, 10_000, "als_candidates");
        Check(SimilarCandidates, 0, 10_000, "similar_candidates");
        Check(PopularCandidates, 0, 10_000, "popular_candidates");
        Check(HistoryLength, 1, 1_000, "history_length");
        Check(RecentListens, 1, 100_000, "recent_listens");
        Check(LabelWindowDays, 1, 365, "label_window_days");
        Check(PopularityWindowDays, 1, 365, "popularity_window_days");
        Check(NegativesPerPositive, 1, 10_000, "negatives_per_positive");
        Check(TrainUsers, 0, int.MaxValue, "train_users");
        Check(FitPartSimilarProbes, 0, 100_000, "fit_part_similar_probes");
        Check(Recommendations, 1, 10_000, "recommendations");
        if (Shortlist != 0 && (Shortlist < Recommendations || Shortlist > 10_000))
        {
            throw new EncoreException(
                $"Parameter 'shortlist' must be 0 (every candidate through every tree) or in [{Recommendations} ('recommendations'), 10000], got {Shortlist}.");
        }

        Check(ShortlistTrees, 1, 100_000, "shortlist_trees");
        CandidateSources.Validate(Sources);
        if (Model is null)
        {
            throw new EncoreException("Parameter 'model' must be given.");
        }

        Model.Validate();
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new EncoreException($"Parameter '{name}' must be in [{min}, {max}], got {value}.");
        }
    }
}
