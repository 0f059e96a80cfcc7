namespace Encore.Core.Data.Reports.Charts;

/// <summary><paramref name="Frequency"/> values fall in [<paramref name="Lower"/>, <paramref name="Upper"/>).</summary>
internal readonly record struct CountBin(long Lower, long Upper, long Frequency);

/// <summary>Histogram bins of equal width on a log scale, for counts that span several decades.</summary>
internal static class LogBins
{
    /// <summary>
    /// Bins the values of <paramref name="frequencies"/> (ascending, all ≥ 1) at edges ⌈10^(k / binsPerDecade)⌉.
    /// Rounding to whole counts merges the narrow low bins, so 1, 2, 3 … get a bin each until the log spacing is
    /// wider than one. Bins run from the one holding the smallest value to the one holding the largest, empty
    /// bins between them included, so bars are contiguous.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is below 1 or binsPerDecade is not positive.</exception>
    public static List<CountBin> Build(IReadOnlyList<CountFrequency> frequencies, int binsPerDecade)
    {
        ArgumentNullException.ThrowIfNull(frequencies);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binsPerDecade);
        var bins = new List<CountBin>();
        if (frequencies.Count == 0)
        {
            return bins;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(frequencies[0].Value, 1, nameof(frequencies));
        var max = frequencies[^1].Value;
        var next = 0;
        long lower = 1;
        for (var k = 1; lower <= max; k++)
        {
            var upper = Edge(k, binsPerDecade);
            if (upper <= lower)
            {
                continue;
            }

            long count = 0;
            while (next < frequencies.Count && frequencies[next].Value < upper)
            {
                count += frequencies[next].Frequency;
                next++;
            }

            if (count > 0 || bins.Count > 0)
            {
                bins.Add(new CountBin(lower, upper, count));
            }

            lower = upper;
        }

        return bins;
    }

    // The small epsilon keeps exact powers (10^(10/10) = 10) from rounding up to 11 through floating-point noise.
    private static long Edge(int k, int binsPerDecade) => (long)Math.Ceiling(Math.Pow(10, (double)k / binsPerDecade) - 1e-9);
}
