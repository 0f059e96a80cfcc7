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
    /// <remarks>
    /// The proposals are ordered through (item, position) keys, not moved by a sort: a comparison sort of these
    /// 68-byte structs through a delegate was a tenth of the batch ranker's scoring. The merged candidates do not
    /// depend on the order of a track's proposals (one per source).
    /// </remarks>
    public static int Merge(Span<Candidate> proposals)
    {
        var n = proposals.Length;
        var keys = Scratch(ref t_keys, n);
        var copy = Scratch(ref t_copy, n);
        for (var i = 0; i < n; i++)
        {
            keys[i] = ((long)proposals[i].Item << 32) | (uint)i;
            copy[i] = proposals[i];
        }

        keys.Sort();
        var kept = 0;
        for (var i = 0; i < n; i++)
        {
            ref readonly var from = ref copy[(int)keys[i]];
            if (kept > 0 && proposals[kept - 1].Item == from.Item)
            {
                ref var into = ref proposals[kept - 1];
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
                proposals[kept++] = from;
            }
        }

        return kept;
    }

    // Per-thread buffers of Merge, grown to the longest list seen: no allocation per user.
    [ThreadStatic]
    private static long[]? t_keys;

    [ThreadStatic]
    private static Candidate[]? t_copy;

    private static Span<T> Scratch<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new T[Math.Max(length, 256)];
        }

        return buffer.AsSpan(0, length);
    }
}
