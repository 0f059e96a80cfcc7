namespace Encore.Core.Ranking;

/// <summary>
/// Chooses which of a user's candidates become rows, and their labels: keeps them at the front of
/// <paramref name="candidates"/> with their labels at the front of <paramref name="labels"/>.
/// </summary>
/// <returns>How many are kept.</returns>
internal delegate int CandidateFilter(int user, Span<Candidate> candidates, Span<float> labels);
