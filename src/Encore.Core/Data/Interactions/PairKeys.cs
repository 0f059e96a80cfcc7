namespace Encore.Core.Data.Interactions;

/// <summary>
/// Packs an (int, int) pair into one <see cref="long"/> whose signed order is the pair's lexicographic order, so
/// a single <see cref="Array.Sort(Array)"/> of longs groups rows by the first id and orders them by the second.
/// </summary>
internal static class PairKeys
{
    // Flipping the sign bit maps int order onto uint order, so negative low ids still sort before positive ones.
    public static long Pack(int high, int low) => ((long)high << 32) | (uint)(low ^ int.MinValue);

    public static int High(long key) => (int)(key >> 32);

    public static int Low(long key) => (int)(uint)key ^ int.MinValue;

    /// <summary>True when the (high, low) rows are already in non-decreasing lexicographic order.</summary>
    public static bool IsSorted(ReadOnlySpan<int> high, ReadOnlySpan<int> low)
    {
        for (var i = 1; i < high.Length; i++)
        {
            if (high[i] < high[i - 1] || (high[i] == high[i - 1] && low[i] < low[i - 1]))
            {
                return false;
            }
        }

        return true;
    }
}
