namespace Encore.Core.Data.Generation;

/// <summary>
/// When a user is active and how much they listen. Most users (62%) were already listening on 1 January,
/// the rest join uniformly through the year (so monthly active users grow, and ~2–3% first appear after the
/// 16 December split: cold users); a fifth churn before the year ends. The number of listens is a lognormal
/// rate scaled by (active days / 365)^0.6: short-lived users listen less in total but more per day.
/// </summary>
internal static class UserActivity
{
    private const double ActiveFromStartShare = 0.62;
    private const double StaysToYearEndShare = 0.80;
    private const double RateSigma = 1.3;
    private const double LengthExponent = 0.6;

    public static (int First, int Last) DrawWindow(ref Rng rng)
    {
        var first = rng.Chance(ActiveFromStartShare) ? 0 : rng.NextInt(ListenCalendar.Days);
        var last = rng.Chance(StaysToYearEndShare)
            ? ListenCalendar.Days - 1
            : first + rng.NextInt(ListenCalendar.Days - first);
        return (first, last);
    }

    public static int DrawListenCount(ref Rng rng, double mu, int first, int last, int cap)
    {
        var scale = Math.Pow((last - first + 1) / (double)ListenCalendar.Days, LengthExponent);
        var n = rng.NextLogNormal(mu, RateSigma) * scale;
        return n >= cap ? cap : Math.Max(1, (int)Math.Round(n));
    }

    /// <summary>
    /// Finds μ so that the expected <see cref="DrawListenCount"/> (rounding, the floor of 1 and the cap
    /// included) is <paramref name="meanListens"/>. The expectation is exact over the active-length
    /// distribution and a fine quadrature over the normal, not a Monte Carlo estimate: a σ = 1.3 lognormal
    /// needs millions of samples for a 0.1% mean.
    /// </summary>
    public static double Calibrate(double meanListens, int cap)
    {
        var lengthProbability = LengthDistribution();
        const int points = 4001;
        const double range = 8.0;
        var step = 2 * range / (points - 1);
        var z = new double[points];
        var weight = new double[points];
        double total = 0;
        for (var i = 0; i < points; i++)
        {
            z[i] = -range + i * step;
            weight[i] = Math.Exp(-z[i] * z[i] / 2);
            total += weight[i];
        }

        var mu = Math.Log(meanListens) - RateSigma * RateSigma / 2;
        for (var iteration = 0; iteration < 20; iteration++)
        {
            double mean = 0;
            for (var length = 1; length <= ListenCalendar.Days; length++)
            {
                var p = lengthProbability[length];
                if (p == 0)
                {
                    continue;
                }

                var scale = Math.Pow(length / (double)ListenCalendar.Days, LengthExponent);
                double expected = 0;
                for (var i = 0; i < points; i++)
                {
                    var n = Math.Exp(mu + RateSigma * z[i]) * scale;
                    expected += weight[i] * (n >= cap ? cap : Math.Max(1, Math.Round(n)));
                }

                mean += p * expected / total;
            }

            if (Math.Abs(mean / meanListens - 1) < 1e-4)
            {
                break;
            }

            mu += Math.Log(meanListens / mean);
        }

        return mu;
    }

    /// <summary>P(last − first + 1 = length) under <see cref="DrawWindow"/>, by length.</summary>
    private static double[] LengthDistribution()
    {
        var days = ListenCalendar.Days;
        var probability = new double[days + 1];
        for (var first = 0; first < days; first++)
        {
            var pFirst = (1 - ActiveFromStartShare) / days + (first == 0 ? ActiveFromStartShare : 0);
            var remaining = days - first;
            for (var last = first; last < days; last++)
            {
                var pLast = (1 - StaysToYearEndShare) / remaining + (last == days - 1 ? StaysToYearEndShare : 0);
                probability[last - first + 1] += pFirst * pLast;
            }
        }

        return probability;
    }
}
