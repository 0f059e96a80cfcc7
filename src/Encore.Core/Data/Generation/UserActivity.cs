namespace Encore.Core.Data.Generation;

/// <summary>
/// When a user is active and how much they listen. About half the users were already listening on 1 January,
/// the rest join uniformly through the year (so monthly active users grow, and ~2% first appear after the
/// 16 December split: cold users); a third churn before the year ends. The number of listens is a lognormal
/// rate scaled by (active days / 365)^0.6: short-lived users listen less in total but more per day.
/// </summary>
internal static class UserActivity
{
    private const double ActiveFromStartShare = 0.55;
    private const double StaysToYearEndShare = 0.75;
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
    /// Finds μ so that the mean of <see cref="DrawListenCount"/> (rounding, the floor of 1 and the cap
    /// included) is <paramref name="meanListens"/>, by a few fixed-point steps over a fixed sample.
    /// </summary>
    public static double Calibrate(int seed, double meanListens, int cap)
    {
        const int samples = 40_000;
        var mu = Math.Log(meanListens) - RateSigma * RateSigma / 2;
        for (var iteration = 0; iteration < 6; iteration++)
        {
            var rng = Rng.Create(seed, RngStream.Calibration, 0);
            double sum = 0;
            for (var i = 0; i < samples; i++)
            {
                var (first, last) = DrawWindow(ref rng);
                sum += DrawListenCount(ref rng, mu, first, last, cap);
            }

            var mean = sum / samples;
            mu += Math.Log(meanListens / mean);
            if (Math.Abs(mean / meanListens - 1) < 0.002)
            {
                break;
            }
        }

        return mu;
    }
}
