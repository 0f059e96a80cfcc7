namespace Encore.Core.Models.Similar;

/// <summary>Checks and index arithmetic shared by the similarity models: candidates are ascending internal ids.</summary>
internal static class CandidateSet
{
    public static void Check(ReadOnlySpan<int> candidates, int items)
    {
        for (var i = 0; i < candidates.Length; i++)
        {
            if ((uint)candidates[i] >= (uint)items || (i > 0 && candidates[i] <= candidates[i - 1]))
            {
                throw new EncoreException($"Candidate items must be strictly ascending ids in [0, {items}); got {candidates[i]} at position {i}.");
            }
        }
    }

    public static void CheckK(int k)
    {
        if (k < 1)
        {
            throw new EncoreException($"Parameter 'k' must be ≥ 1, got {k}.");
        }
    }

    /// <summary>The position of <paramref name="item"/> among the candidates.</summary>
    /// <exception cref="EncoreException">The item is not a candidate.</exception>
    public static int IndexOf(int[] candidates, int item)
    {
        var at = Array.BinarySearch(candidates, item);
        return at >= 0 ? at : throw new EncoreException($"Item {item} has no train listens, so it has no similar items.");
    }

    /// <summary>Replaces candidate positions by item ids, in place.</summary>
    public static void ToItems(int[] candidates, Span<int> positions)
    {
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = candidates[positions[i]];
        }
    }
}
