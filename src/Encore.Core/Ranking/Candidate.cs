using System.Runtime.CompilerServices;
using Encore.Core.Ranking.Candidates;

namespace Encore.Core.Ranking;

/// <summary>One value per registered candidate source, inline so that a chunk's candidates are one flat array.</summary>
[InlineArray(CandidateSources.Max)]
internal struct PerSource
{
    private float _first;
}

/// <summary>
/// One track proposed for one user, with the rank (1 = best) and score each source gave it, indexed by the
/// source's position among the registered ones; NaN where a source did not propose it, which is what the features
/// store.
/// </summary>
internal struct Candidate
{
    public int Item;
    public PerSource Ranks;
    public PerSource Scores;

    /// <summary>A proposal of <paramref name="item"/> by source <paramref name="source"/> at <paramref name="rank"/> (0-based) with <paramref name="score"/>.</summary>
    public static Candidate Proposed(int source, int item, int rank, float score)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)source, (uint)CandidateSources.Max, nameof(source));
        var candidate = new Candidate { Item = item };
        ((Span<float>)candidate.Ranks).Fill(float.NaN);
        ((Span<float>)candidate.Scores).Fill(float.NaN);
        candidate.Ranks[source] = rank + 1;
        candidate.Scores[source] = score;
        return candidate;
    }

    /// <summary>How many sources proposed the track.</summary>
    public readonly int SourceCount
    {
        get
        {
            var count = 0;
            foreach (var rank in (ReadOnlySpan<float>)Ranks)
            {
                count += float.IsNaN(rank) ? 0 : 1;
            }

            return count;
        }
    }

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
                ref readonly var from = ref proposals[i];
                // A source lists a track once, so at most one side has each value; keep the better rank anyway.
                for (var s = 0; s < CandidateSources.Max; s++)
                {
                    var rank = into.Ranks[s];
                    var other = from.Ranks[s];
                    if (!float.IsNaN(other) && (float.IsNaN(rank) || rank > other))
                    {
                        into.Ranks[s] = other;
                        into.Scores[s] = from.Scores[s];
                    }
                }
            }
            else
            {
                proposals[kept++] = proposals[i];
            }
        }

        return kept;
    }
}
