namespace Encore.Server.Apis;

/// <summary>
/// Why a track is in a list (explain=true): <paramref name="Source"/> is <c>similar</c> (similar to a listened track:
/// online recommendations and similar tracks), <c>popular</c> (the chart), <c>personal_als</c> or <c>ranker</c> (the
/// precomputed personal list, by the file it came from) or <c>live</c> (the request-time ranker); <paramref name="Reason"/>
/// says it in words; <paramref name="Rank"/> is the track's 1-based rank in its chart, personal list or live ranking;
/// <paramref name="Tracks"/> are the listened tracks behind it, strongest first, with their similarity (similar) or ALS
/// contribution (personal); <paramref name="CandidateSources"/> are the request-time candidate sources that proposed a
/// ranked track and <paramref name="Features"/> the features that raised its live score most.
/// </summary>
public sealed record ExplanationView(
    string Source, string Reason, int? Rank = null, IReadOnlyList<ContributionView>? Tracks = null,
    IReadOnlyList<string>? CandidateSources = null, IReadOnlyList<FeatureView>? Features = null);

/// <summary>A listened track behind a recommendation, its name when the catalogue has it, and how much it counted.</summary>
public sealed record ContributionView(ExternalId ItemId, string? Name, double Score);

/// <summary>
/// A feature that raised a ranked track's score: its column name, a name a person can read, its value (null when
/// missing) and its contribution to the live ranker's raw score (TreeSHAP: the contributions of all features plus the
/// model's expected score add up to the score).
/// </summary>
public sealed record FeatureView(string Feature, string Name, double? Value, double Contribution);
