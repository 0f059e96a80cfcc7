namespace Encore.Core.Evaluation;

/// <summary>Validation of the k list every protocol takes.</summary>
internal static class Cutoffs
{
    /// <summary>Train's longest list (its --recs bound); a larger k only allocates per-user buffers of that size.</summary>
    public const int MaxK = 10_000;

    /// <summary>The cut-offs ascending, each once.</summary>
    /// <exception cref="EncoreException">The list is empty or holds a k below 1 (a user's parameter).</exception>
    public static int[] Normalise(IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(ks);
        if (ks.Count == 0)
        {
            throw new EncoreException("Give at least one cut-off k.");
        }

        var sorted = new SortedSet<int>();
        foreach (var k in ks)
        {
            if (k is < 1 or > MaxK)
            {
                throw new EncoreException($"Cut-off k must be between 1 and {MaxK:N0} (the longest list train writes), not {k:N0}.");
            }

            sorted.Add(k);
        }

        return [.. sorted];
    }
}
