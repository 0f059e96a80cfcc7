namespace Encore.Core.Ranking;

/// <summary>Which candidate source proposed a track.</summary>
internal enum CandidateSource
{
    Als,
    Similar,
    Popular,
}

/// <summary>
/// One track proposed for one user, with the rank (1 = best) and score each source gave it; NaN where a source did
/// not propose it, which is what the features store.
/// </summary>
internal struct Candidate
{
    public int Item;
    public float AlsRank;
    public float AlsScore;
    public float SimilarRank;
    public float SimilarScore;
    public float PopularRank;

    /// <summary>A proposal of <paramref name="item"/> by one source at <paramref name="rank"/> (0-based) with <paramref name="score"/>.</summary>
    public static Candidate Proposed(CandidateSource source, int item, int rank, float score)
    {
        var candidate = new Candidate
        {
            Item = item,
            AlsRank = float.NaN,
            AlsScore = float.NaN,
            SimilarRank = float.NaN,
            SimilarScore = float.NaN,
            PopularRank = float.NaN,
        };
        switch (source)
        {
            case CandidateSource.Als:
                candidate.AlsRank = rank + 1;
                candidate.AlsScore = score;
                break;
            case CandidateSource.Similar:
                candidate.SimilarRank = rank + 1;
                candidate.SimilarScore = score;
                break;
            case CandidateSource.Popular:
                candidate.PopularRank = rank + 1;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown candidate source.");
        }

        return candidate;
    }

    /// <summary>How many sources proposed the track.</summary>
    public readonly int SourceCount =>
        (float.IsNaN(AlsRank) ? 0 : 1) + (float.IsNaN(SimilarRank) ? 0 : 1) + (float.IsNaN(PopularRank) ? 0 : 1);

    /// <summary>
    /// Merges proposals of the same track into one candidate carrying every source's rank and score, in place.
    /// </summary>
    /// <returns>How many distinct tracks remain at the front of <paramref name="proposals"/>, ascending by item.</returns>
    public static int Merge(Span<Candidate> proposals)
    {
        proposals.Sort(static (a, b) => a.Item.CompareTo(b.Item));
        var kept = 0;
        for (var i = 0; i < proposals.Length; i++)
        {
            if (kept > 0 && proposals[kept - 1].Item == proposals[i].Item)
            {
                ref var into = ref proposals[kept - 1];
                var from = proposals[i];
                // A source lists a track once, so at most one side has each value; keep the better rank anyway.
                into.AlsRank = Better(into.AlsRank, from.AlsRank, ref into.AlsScore, from.AlsScore);
                into.SimilarRank = Better(into.SimilarRank, from.SimilarRank, ref into.SimilarScore, from.SimilarScore);
                var popularScore = 0f;
                into.PopularRank = Better(into.PopularRank, from.PopularRank, ref popularScore, 0f);
            }
            else
            {
                proposals[kept++] = proposals[i];
            }
        }

        return kept;
    }

    private static float Better(float rank, float otherRank, ref float score, float otherScore)
    {
        if (float.IsNaN(otherRank) || (!float.IsNaN(rank) && rank <= otherRank))
        {
            return rank;
        }

        score = otherScore;
        return otherRank;
    }
}
