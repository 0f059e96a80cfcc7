namespace Encore.Server.Apis;

/// <summary>
/// Why a track is in a list (explain=true): <paramref name="Source"/> is <c>similar</c> (similar to a listened track:
/// online recommendations and similar tracks), <c>popular</c> (the chart), <c>personal_als</c> or <c>ranker</c> (the
/// precomputed personal list, by the file it came from); <paramref name="Reason"/> says it in words;
/// <paramref name="Rank"/> is the track's 1-based rank in its chart or personal list; <paramref name="Tracks"/> are
/// the listened tracks behind it, strongest first, with their similarity (similar) or ALS contribution (personal).
/// </summary>
public sealed record ExplanationView(string Source, string Reason, int? Rank = null, IReadOnlyList<ContributionView>? Tracks = null);

/// <summary>A listened track behind a recommendation, its name when the catalogue has it, and how much it counted.</summary>
public sealed record ContributionView(ExternalId ItemId, string? Name, double Score);
