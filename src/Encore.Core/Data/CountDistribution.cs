namespace Encore.Core.Data;

/// <summary>
/// Summary of a distribution of counts (plays per track, listens per user), as pandas' <c>describe()</c> prints it
/// in the seed notebook, plus the 90th and 99th percentiles.
/// </summary>
/// <remarks>
/// Percentiles interpolate linearly between order statistics (numpy's default, and SQL's quantile_cont):
/// with the n values sorted as x₀ ≤ … ≤ xₙ₋₁ and h = (n − 1)·q, Q(q) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
/// <see cref="Std"/> is the sample standard deviation (n − 1 in the denominator), as pandas reports it; it is 0,
/// not NaN, for fewer than two values, so reports never print NaN.
/// </remarks>
/// <param name="Count">How many values (tracks or users) the summary covers.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="P25">The 25th percentile.</param>
/// <param name="Median">The 50th percentile.</param>
/// <param name="P75">The 75th percentile.</param>
/// <param name="P90">The 90th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Mean">The arithmetic mean.</param>
/// <param name="Std">The sample standard deviation.</param>
public sealed record CountDistribution(
    long Count,
    double Min,
    double P25,
    double Median,
    double P75,
    double P90,
    double P99,
    double Max,
    double Mean,
    double Std)
{
    /// <summary>The summary of no values: all zeros.</summary>
    public static CountDistribution Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Summarises values given as a frequency table.</summary>
    /// <param name="frequencies">Distinct values in ascending order, each with how often it occurs (&gt; 0).</param>
    /// <exception cref="ArgumentException">Values are not strictly ascending or a frequency is not positive.</exception>
    public static CountDistribution FromFrequencies(IReadOnlyList<CountFrequency> frequencies)
    {
        ArgumentNullException.ThrowIfNull(frequencies);
        long count = 0;
        double sum = 0;
        for (var i = 0; i < frequencies.Count; i++)
        {
            var (value, frequency) = frequencies[i];
            if (frequency <= 0)
            {
                throw new ArgumentException($"Frequency of value {value} is {frequency}; it must be positive.", nameof(frequencies));
            }

            if (i > 0 && value <= frequencies[i - 1].Value)
            {
                throw new ArgumentException($"Values must be strictly ascending; {value} follows {frequencies[i - 1].Value}.", nameof(frequencies));
            }

            count += frequency;
            sum += (double)value * frequency;
        }

        if (count == 0)
        {
            return Empty;
        }

        var mean = sum / count;
        double squares = 0;
        foreach (var (value, frequency) in frequencies)
        {
            var deviation = value - mean;
            squares += deviation * deviation * frequency;
        }

        var std = count > 1 ? Math.Sqrt(squares / (count - 1)) : 0;
        return new CountDistribution(
            count,
            frequencies[0].Value,
            Quantile(frequencies, count, 0.25),
            Quantile(frequencies, count, 0.50),
            Quantile(frequencies, count, 0.75),
            Quantile(frequencies, count, 0.90),
            Quantile(frequencies, count, 0.99),
            frequencies[^1].Value,
            mean,
            std);
    }

    private static double Quantile(IReadOnlyList<CountFrequency> frequencies, long count, double q)
    {
        var h = (count - 1) * q;
        var lower = (long)Math.Floor(h);
        var fraction = h - lower;
        var low = ValueAt(frequencies, lower);
        if (fraction == 0)
        {
            return low;
        }

        var high = ValueAt(frequencies, lower + 1);
        return low + (fraction * (high - low));
    }

    /// <summary>The value at 0-based position <paramref name="index"/> of the sorted, expanded values.</summary>
    private static long ValueAt(IReadOnlyList<CountFrequency> frequencies, long index)
    {
        long seen = 0;
        foreach (var (value, frequency) in frequencies)
        {
            seen += frequency;
            if (index < seen)
            {
                return value;
            }
        }

        return frequencies[^1].Value;
    }
}
