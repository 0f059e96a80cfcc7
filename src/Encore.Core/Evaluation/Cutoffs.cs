namespace Encore.Core.Evaluation;

/// <summary>Validation of the k list every protocol takes.</summary>
internal static class Cutoffs
{
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
            if (k < 1)
            {
                throw new EncoreException($"Cut-off k must be at least 1, not {k}.");
            }

            sorted.Add(k);
        }

        return [.. sorted];
    }
}
