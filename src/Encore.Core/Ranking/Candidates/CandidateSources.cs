namespace Encore.Core.Ranking.Candidates;

/// <summary>The registered candidate sources: their order is the order of their feature columns.</summary>
public static class CandidateSources
{
    /// <summary>The most sources a candidate keeps a rank and score for.</summary>
    public const int Max = 8;

    /// <summary>ALS, similar tracks of the recent listens, the chart.</summary>
    public static IReadOnlyList<CandidateSource> Default { get; } = [new AlsCandidates(), new SimilarCandidates(), new PopularCandidates()];

    /// <summary>The feature columns of <paramref name="sources"/>: each one's score (when it has one) and rank, in order.</summary>
    public static IEnumerable<string> Features(IReadOnlyList<CandidateSource> sources)
    {
        foreach (var source in sources)
        {
            if (source.HasScoreFeature)
            {
                yield return source.ScoreFeature;
            }

            yield return source.RankFeature;
        }
    }

    /// <summary>Checks that the sources fit a candidate and have distinct names.</summary>
    /// <exception cref="EncoreException">Too many sources, or a name used twice.</exception>
    public static void Validate(IReadOnlyList<CandidateSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count is 0 or > Max)
        {
            throw new EncoreException($"The ranker takes 1 to {Max} candidate sources, got {sources.Count}.");
        }

        var twice = sources.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new EncoreException($"Candidate source '{twice.Key}' is registered twice.");
        }
    }
}
