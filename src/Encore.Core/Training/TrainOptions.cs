using System.Text.Json.Serialization;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;

namespace Encore.Core.Training;

/// <summary>Which item-to-item similarity similar.parquet holds.</summary>
public enum SimilarityKind
{
    /// <summary>Cosine of ALS item factors (what the seed computed).</summary>
    Als,

    /// <summary>IDF-weighted cosine of genre sets, ties by popularity (what the seed's README promised).</summary>
    Genre,
}

/// <summary>Parameters of <see cref="Trainer.Train"/> (the CLI's <c>encore train</c>). Defaults follow the seed (docs/seed.md §4).</summary>
public sealed record TrainOptions
{
    /// <summary>The seed's ALS: 50 factors, 50 iterations, λ = 0.05, α = 1, c = α·r, random_state 0.</summary>
    public static readonly AlsOptions SeedAls = new()
    {
        Factors = 50,
        Iterations = 50,
        Regularization = 0.05f,
        Alpha = 1f,
        Confidence = AlsConfidence.AlphaTimesValue,
        Seed = 0,
    };

    public AlsOptions Als { get; init; } = SeedAls;

    /// <summary>Matrix values ALS fits: binary as the seed.</summary>
    public InteractionValues Values { get; init; } = InteractionValues.Binary;

    public SimilarityKind Similar { get; init; } = SimilarityKind.Als;

    /// <summary>
    /// How the ALS similar items are searched: exact, fast (clustered, recall@10 ≥ 0.98) or auto (fast above
    /// <see cref="AlsItemSimilarity.AutoFastAbove"/> items with listens, so small data stays exact).
    /// </summary>
    public SimilarSearch SimilarSearch { get; init; } = SimilarSearch.Auto;

    /// <summary>
    /// Clusters each track's fast search probes (of ≈ √tracks): fewer is faster and finds fewer of the true
    /// neighbours (recall@10 at full scale, bench/RESULTS.md: 16 → 0.965, 24 → 0.978, 32 → 0.985, 48 → 0.991).
    /// </summary>
    public int SimilarProbes { get; init; } = AlsItemSimilarity.DefaultProbes;

    /// <summary>Personal recommendations per user.</summary>
    public int Recommendations { get; init; } = 50;

    /// <summary>Similar items per item.</summary>
    public int SimilarItems { get; init; } = 10;

    /// <summary>Rows of top_popular.parquet.</summary>
    public int TopPopular { get; init; } = 100;

    /// <summary>Whether personal lists skip items the user heard in train (the seed did not, docs/seed.md §9.4).</summary>
    public bool FilterAlreadyHeard { get; init; } = true;

    /// <summary>
    /// Above 0 (the default), with a ranker to follow (<see cref="RankerLabelWindowDays"/>): ALS is fitted once on the
    /// ranker's fit part (train minus the label window, <see cref="AlsOptions.Iterations"/>) and saved as
    /// fit_part_als.bin for the ranker's training rows, and the all-data model starts from those factors and runs
    /// this many iterations. 0: ALS is fitted cold on all of train, and the ranker fits its own on its fit part.
    /// </summary>
    /// <remarks>
    /// 5 by measurement (bench/RESULTS.md, issue 17): at full scale it saves ~45 of the two fits' 100 iterations'
    /// time with the ranker's NDCG@10 kept; more warm iterations did not move the quality at small scales.
    /// </remarks>
    public int WarmStartIterations { get; init; } = DefaultWarmStartIterations;

    /// <summary>The default of <see cref="WarmStartIterations"/>.</summary>
    public const int DefaultWarmStartIterations = 5;

    /// <summary>
    /// The label window of the ranker that runs after train (the ranker section's label_window_days), or null when
    /// none does; set by the pipeline and <c>encore train</c>, not an encore.json key of this section.
    /// </summary>
    [JsonIgnore]
    public int? RankerLabelWindowDays { get; init; }

    /// <summary>
    /// The ALS candidates per user of the ranker that runs after train (the ranker section's als_candidates), or null
    /// when none does; set by the pipeline and <c>encore train</c>. Train then keeps every user's lists at that
    /// length for the ranker's batch scoring (<see cref="SharedAlsCandidates"/>).
    /// </summary>
    [JsonIgnore]
    public int? RankerAlsCandidates { get; init; }

    /// <summary>
    /// The length of the lists train keeps for the ranker in als_candidates.bin: the longer of personal_als's and the
    /// ranker's, found by one search (personal_als takes each list's first <see cref="Recommendations"/>); 0 when no
    /// ranker follows or personal lists keep heard items (the ranker's never do).
    /// </summary>
    [JsonIgnore]
    public int SharedAlsCandidates => RankerAlsCandidates is int k && k > 0 && FilterAlreadyHeard ? Math.Max(Recommendations, k) : 0;

    /// <summary>Whether train fits the ranker's fit part and warm-starts the all-data ALS from it.</summary>
    [JsonIgnore]
    public bool FitsRankerPart => WarmStartIterations > 0 && RankerLabelWindowDays is not null;

    /// <summary>Train = events before this date; null reads split.json's.</summary>
    public DateOnly? SplitDate { get; init; }

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="EncoreException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Als);
        Als.Validate();
        if (!Enum.IsDefined(Values))
        {
            throw new EncoreException($"Parameter 'values' has an unknown value {(int)Values}.");
        }

        if (!Enum.IsDefined(Similar))
        {
            throw new EncoreException($"Parameter 'similar' has an unknown value {(int)Similar}.");
        }

        if (!Enum.IsDefined(SimilarSearch))
        {
            throw new EncoreException($"Parameter 'similar_search' has an unknown value {(int)SimilarSearch}.");
        }

        if (SimilarProbes is < 1 or > 100_000)
        {
            throw new EncoreException($"Parameter 'similar_probes' must be in [1, 100000], got {SimilarProbes}.");
        }

        if (WarmStartIterations is < 0 or > 10_000)
        {
            throw new EncoreException($"Parameter 'warm_start_iterations' must be in [0, 10000] (0 = off), got {WarmStartIterations}.");
        }

        if (RankerLabelWindowDays is < 1)
        {
            throw new EncoreException($"Parameter 'label_window_days' must be ≥ 1, got {RankerLabelWindowDays}.");
        }

        if (RankerAlsCandidates is < 0 or > 10_000)
        {
            throw new EncoreException($"Parameter 'als_candidates' must be in [0, 10000], got {RankerAlsCandidates}.");
        }

        if (Recommendations is < 1 or > 10_000)
        {
            throw new EncoreException($"Parameter 'recommendations' must be in [1, 10000], got {Recommendations}.");
        }

        if (SimilarItems is < 1 or > 1_000)
        {
            throw new EncoreException($"Parameter 'similar_items' must be in [1, 1000], got {SimilarItems}.");
        }

        if (TopPopular < 1)
        {
            throw new EncoreException($"Parameter 'top_popular' must be ≥ 1, got {TopPopular}.");
        }
    }
}
