using Encore.Core.Models.Similar;

namespace Encore.Core.Evaluation.Offline;

/// <summary>The parameters of <c>encore evaluate</c>.</summary>
public sealed class EvaluateOptions
{
    public const string SeedProtocolName = "seed";
    public const string StandardProtocolName = "standard";

    /// <summary>The largest cut-off k: train's longest list.</summary>
    public const int MaxK = Cutoffs.MaxK;

    /// <summary><c>seed</c> (docs/seed.md §5, quirks included) or <c>standard</c> (docs/metrics.md).</summary>
    public string Protocol { get; init; } = StandardProtocolName;

    /// <summary>Cut-offs; the seed reported k = 5 only.</summary>
    public IReadOnlyList<int> K { get; init; } = [5, 10];

    /// <summary>Models to evaluate; null means every model whose artifact exists.</summary>
    public IReadOnlyCollection<string>? Models { get; init; }

    /// <summary>Random seed of the random baseline's draws.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How many recent train listens <c>similar_to_history</c> starts from.</summary>
    public int HistoryLength { get; init; } = SimilarToHistory.DefaultHistoryLength;

    /// <summary>How <c>similar_to_history</c> combines an item suggested by several listens.</summary>
    public SimilarMerge Merge { get; init; } = SimilarMerge.Max;

    /// <summary>
    /// Also run the replay evaluation (<see cref="Replay.ReplayEvaluation"/>, at its defaults with these cut-offs and
    /// seed) and add its section to metrics.json and replay.md + replay.png to the report (the pipeline's option).
    /// </summary>
    public bool Replay { get; init; }

    /// <summary>
    /// The registered candidate sources, whose models are evaluated (<see cref="EvaluatedModels.For"/>); registered
    /// in code, as <see cref="Ranking.RankerOptions"/>' are, not a setting.
    /// </summary>
    internal IReadOnlyList<Ranking.Candidates.CandidateSource> Sources { get; init; } = Ranking.Candidates.CandidateSources.Default;

    /// <exception cref="EncoreException">A parameter is out of range, naming it.</exception>
    public void Validate()
    {
        if (Protocol is not (SeedProtocolName or StandardProtocolName))
        {
            throw new EncoreException($"--protocol: '{Protocol}' is not a protocol; choose {SeedProtocolName} or {StandardProtocolName}.");
        }

        _ = Cutoffs.Normalise(K);
        _ = EvaluatedModels.Select(Models);
        if (HistoryLength < 1)
        {
            throw new EncoreException($"--history: must be at least 1, not {HistoryLength}.");
        }
    }
}
