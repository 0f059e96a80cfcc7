using Encore.Core.Models.Similar;

namespace Encore.Core.Serving;

/// <summary>What the seed API's <c>/recommendations_online</c> and <c>/recommendations</c> serve.</summary>
public enum SeedServes
{
    /// <summary>The predecessor's semantics: similar to the newest events, and the offline list interleaved with them.</summary>
    Seed,

    /// <summary>Both serve the request-time ranker's list (<c>kind=live</c>), degrading to the blend without its models.</summary>
    Live,
}

/// <summary>How online recommendations are built and how long a list may be (the service's "Recommendations" section).</summary>
public sealed class RecommendationOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Recommendations";

    /// <summary>List length when a request names none (the REST API; the seed API keeps the seed's defaults).</summary>
    public int DefaultK { get; set; } = 10;

    /// <summary>The largest k a request may ask for; larger ones are rejected with 400.</summary>
    public int MaxK { get; set; } = 100;

    /// <summary>The most values one filter parameter (<c>exclude</c>, <c>genres</c>, <c>artists</c>) of a REST request may hold; more are rejected with 400.</summary>
    public int MaxFilterValues { get; set; } = 200;

    /// <summary>How many of the newest events feed online recommendations (the seed's 3).</summary>
    public int OnlineHistory { get; set; } = 3;

    /// <summary>How the similar lists of several recent events combine: <c>Max</c> (default) or <c>Sum</c>.</summary>
    public SimilarMerge Merge { get; set; } = SimilarMerge.Max;

    /// <summary>
    /// What the seed-compatible <c>/recommendations_online</c> and <c>/recommendations</c> serve: <c>Seed</c> (default,
    /// the predecessor's online list and blend, so its client sees what it expects) or <c>Live</c> (the request-time
    /// ranker's list). <c>/recommendations_offline</c> and <c>/recommendations_default</c> are not affected.
    /// </summary>
    public SeedServes SeedServes { get; set; } = SeedServes.Seed;

    /// <summary>Error messages for invalid values, naming each option by its configuration path; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxK is < 1 or > 10_000)
        {
            errors.Add($"{Section}:MaxK must be between 1 and 10000; got {MaxK}.");
        }

        if (DefaultK < 1 || DefaultK > MaxK)
        {
            errors.Add($"{Section}:DefaultK must be between 1 and {Section}:MaxK ({MaxK}); got {DefaultK}.");
        }

        if (MaxFilterValues is < 1 or > 100_000)
        {
            errors.Add($"{Section}:MaxFilterValues must be between 1 and 100000; got {MaxFilterValues}.");
        }

        if (OnlineHistory is < 1 or > 1000)
        {
            errors.Add($"{Section}:OnlineHistory must be between 1 and 1000; got {OnlineHistory}.");
        }

        if (!Enum.IsDefined(Merge))
        {
            errors.Add($"{Section}:Merge must be Max or Sum; got {Merge}.");
        }

        if (!Enum.IsDefined(SeedServes))
        {
            errors.Add($"{Section}:SeedServes must be Seed or Live; got {SeedServes}.");
        }

        return errors;
    }
}
