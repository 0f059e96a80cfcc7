using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Ranking.Live;

/// <summary>
/// Parameters of the live ranker (<see cref="LiveRecommender"/>): how many candidates each request-time source
/// proposes, how its training rows are replayed from the label window, and its LightGBM model. Training records
/// them in live_ranker.json and serving reads them back from there, so a request builds the candidates the model
/// was trained on.
/// </summary>
public sealed record LiveOptions
{
    /// <summary>Fold-in ALS candidates per request (the listener's vector from train history and events).</summary>
    public int FoldInCandidates { get; init; } = 100;

    /// <summary>Candidates similar to the newest events (the similar tracks index, merged by max score).</summary>
    public int SimilarCandidates { get; init; } = 30;

    /// <summary>How many newest distinct events the similar candidates start from.</summary>
    public int SimilarEvents { get; init; } = 5;

    /// <summary>Unheard tracks of the newest events' artists (the session's artist run going on), most heard first.</summary>
    public int ArtistCandidates { get; init; } = 30;

    /// <summary>Candidates from the offline list (the batch ranker's, best first, heard tracks skipped).</summary>
    public int OfflineCandidates { get; init; } = 50;

    /// <summary>Most popular unheard tracks per request.</summary>
    public int PopularCandidates { get; init; } = 10;

    /// <summary>N: how many newest listens the events store keeps; training replays sessions through the same window.</summary>
    public int StoredEvents { get; init; } = 10;

    /// <summary>Training: the last checkpoint c (listens of the label window replayed) a row may come from.</summary>
    public int Checkpoints { get; init; } = 20;

    /// <summary>Training: checkpoints drawn per listener (with <see cref="Seed"/>) among those with a target.</summary>
    public int CheckpointsPerUser { get; init; } = 8;

    /// <summary>Training: T, the next new tracks after a checkpoint that are its positives.</summary>
    public int Target { get; init; } = 10;

    /// <summary>Training: listeners of the label window to replay, drawn with <see cref="Seed"/>; 0 = all.</summary>
    public int TrainUsers { get; init; } = 50_000;

    /// <summary>Training: negatives kept per positive of a checkpoint (at least this many for one positive).</summary>
    public int NegativesPerPositive { get; init; } = 10;

    /// <summary>Random seed of the listener sample, the checkpoints and the negatives.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The LightGBM model.</summary>
    public RankerModelOptions Model { get; init; } = new() { Objective = RankerObjective.LambdaRank };

    /// <summary>Candidates a request can have at most (every source full, none shared).</summary>
    internal int MaxCandidates => FoldInCandidates + SimilarCandidates + ArtistCandidates + OfflineCandidates + PopularCandidates;

    /// <exception cref="EncoreException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        Check(FoldInCandidates, 0, 10_000, "live_foldin_candidates");
        Check(SimilarCandidates, 0, 10_000, "live_similar_candidates");
        Check(SimilarEvents, 1, 1_000, "live_similar_events");
        Check(ArtistCandidates, 0, 10_000, "live_artist_candidates");
        Check(OfflineCandidates, 0, 10_000, "live_offline_candidates");
        Check(PopularCandidates, 0, 10_000, "live_popular_candidates");
        Check(StoredEvents, 1, 10_000, "live_stored_events");
        Check(Checkpoints, 0, 10_000, "live_checkpoints");
        Check(CheckpointsPerUser, 1, 10_000, "live_checkpoints_per_user");
        Check(Target, 1, 10_000, "live_target");
        Check(TrainUsers, 0, int.MaxValue, "live_train_users");
        Check(NegativesPerPositive, 1, 10_000, "live_negatives_per_positive");
        if (MaxCandidates == 0)
        {
            throw new EncoreException("The live ranker needs at least one candidate source with a count above 0.");
        }

        if (Model is null)
        {
            throw new EncoreException("Parameter 'live_model' must be given.");
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
