using Encore.Core.Data.Interactions;
using Encore.Core.Randomness;

namespace Encore.Core.Ranking;

/// <summary>
/// Labels candidates by the label window and downsamples the negatives, counting on the way how many of the
/// window's new tracks the candidates caught (the recall that bounds the ranker).
/// </summary>
/// <remarks>
/// Label = the user played the track in the label window. Heard tracks are never candidates, so only tracks new to
/// the user count in the recall. All positives are kept, and <c>negativesPerPositive × max(1, positives)</c>
/// negatives drawn per user from a generator seeded by (seed, user), so the rows do not depend on chunking or threads.
/// </remarks>
internal sealed class TrainingRows(UserLists labels, SparseMatrix heard, int negativesPerPositive, int seed)
{
    private readonly long[] _foundBySource = new long[Encore.Core.Ranking.Candidates.CandidateSources.Max];

    /// <summary>Label-window tracks new to the users seen so far (the recall's denominator).</summary>
    public long NewListens { get; private set; }

    /// <summary>Of those, how many were candidates.</summary>
    public long Found { get; private set; }

    /// <summary>How many were proposed by each source (registered order).</summary>
    public IReadOnlyList<long> FoundBySource => _foundBySource;

    public long Candidates { get; private set; }

    /// <summary>Candidates recall in the label window; NaN before any new listen.</summary>
    public double Recall => NewListens == 0 ? double.NaN : (double)Found / NewListens;

    /// <summary>Recall of the source at <paramref name="source"/> among the registered ones, alone.</summary>
    public double RecallOf(int source) => NewListens == 0 ? double.NaN : (double)_foundBySource[source] / NewListens;

    /// <summary>A <see cref="CandidateFilter"/>: labels, counts and samples one user's candidates.</summary>
    public int Filter(int user, Span<Candidate> candidates, Span<float> labelsOut)
    {
        var positives = labels.ItemsOf(user);
        var known = heard.RowIndices(user);
        foreach (var item in positives)
        {
            NewListens += known.BinarySearch(item) >= 0 ? 0 : 1;
        }

        Candidates += candidates.Length;
        // Positives to the front, in item order.
        var found = 0;
        for (var c = 0; c < candidates.Length; c++)
        {
            if (positives.BinarySearch(candidates[c].Item) >= 0)
            {
                ref readonly var candidate = ref candidates[c];
                for (var s = 0; s < _foundBySource.Length; s++)
                {
                    _foundBySource[s] += float.IsNaN(candidate.Ranks[s]) ? 0 : 1;
                }

                (candidates[found], candidates[c]) = (candidates[c], candidates[found]);
                found++;
            }
        }

        Found += found;
        var negatives = candidates.Length - found;
        var quota = Math.Min(negatives, negativesPerPositive * Math.Max(1, found));
        var random = new SplitMix64(((ulong)(uint)seed << 32) | (uint)user);
        // A partial Fisher–Yates shuffle draws the quota uniformly without replacement.
        for (var i = 0; i < quota; i++)
        {
            var pick = found + i + (int)random.NextBelow((ulong)(negatives - i));
            (candidates[found + i], candidates[pick]) = (candidates[pick], candidates[found + i]);
        }

        var kept = found + quota;
        candidates[..kept].Sort(static (a, b) => a.Item.CompareTo(b.Item));
        for (var c = 0; c < kept; c++)
        {
            labelsOut[c] = positives.BinarySearch(candidates[c].Item) >= 0 ? 1f : 0f;
        }

        return kept;
    }
}
