using Encore.Core.Models.Similar;
using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay;

/// <summary>The parameters of the replay evaluation (<c>encore evaluate --protocol replay</c>, docs/metrics.md).</summary>
public sealed class ReplayOptions
{
    /// <summary>The events store's default capacity (the server's <c>Events:Capacity</c>).</summary>
    public const int DefaultStoredEvents = 10;

    /// <summary>Cut-offs; every strategy writes a list of the largest.</summary>
    public IReadOnlyList<int> K { get; init; } = [10];

    /// <summary>The last checkpoint: c runs over 0, 1, …, this (fewer when a listener has fewer test listens).</summary>
    public int Checkpoints { get; init; } = 20;

    /// <summary>N: how many of the newest listens the events store keeps, and so what the service sees.</summary>
    public int StoredEvents { get; init; } = DefaultStoredEvents;

    /// <summary>T: how many of the next new tracks are the target.</summary>
    public int Target { get; init; } = 10;

    /// <summary>A seeded sample of this many warm test listeners; null replays them all.</summary>
    public int? Users { get; init; }

    /// <summary>Random seed of the sample.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 uses every core. The numbers do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>How many newest events feed online lists (the service's <c>Recommendations:OnlineHistory</c>).</summary>
    public int OnlineHistory { get; init; } = new RecommendationOptions().OnlineHistory;

    /// <summary>How online lists merge the similar tracks of several events (the service's <c>Recommendations:Merge</c>).</summary>
    public SimilarMerge Merge { get; init; } = new RecommendationOptions().Merge;

    /// <summary>The service options these replay settings stand for.</summary>
    public RecommendationOptions Serving => new() { OnlineHistory = OnlineHistory, Merge = Merge, MaxK = Math.Max(100, K.Max()) };

    /// <exception cref="EncoreException">A parameter is out of range, naming it.</exception>
    public void Validate()
    {
        _ = Cutoffs.Normalise(K);
        Require(Checkpoints >= 0, $"--checkpoints: must be at least 0, not {Checkpoints}.");
        Require(StoredEvents >= 1, $"--stored-events: must be at least 1, not {StoredEvents}.");
        Require(Target >= 1, $"--target: must be at least 1, not {Target}.");
        Require(Users is null or >= 1, $"--users: must be at least 1, not {Users}.");
        Require(Threads >= 0, $"--threads: must be 0 (all cores) or more, not {Threads}.");
        Require(OnlineHistory is >= 1 and <= 1000, $"--online-history: must be between 1 and 1000, not {OnlineHistory}.");
        Require(Enum.IsDefined(Merge), $"--merge: must be max or sum, not {Merge}.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new EncoreException(message);
        }
    }
}
