namespace Encore.Core.Data.Generation;

/// <summary>
/// The days of 2022 and how busy each is: listening grows through the year to a November peak and dips in
/// December (the real monthly curve, docs/seed.md §1.3), with a mild weekend lift.
/// </summary>
internal sealed class ListenCalendar
{
    public const int Days = 365;
    public const int Weeks = (Days + 6) / 7;

    public static readonly DateTime FirstDay = new(2022, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private static readonly double[] s_monthFactors = [0.72, 0.74, 0.78, 0.80, 0.83, 0.85, 0.88, 0.91, 0.95, 0.99, 1.04, 0.90];

    private readonly double[] _cumulative = new double[Days + 1];

    public ListenCalendar()
    {
        for (var d = 0; d < Days; d++)
        {
            var date = FirstDay.AddDays(d);
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1.08 : 1.0;
            _cumulative[d + 1] = _cumulative[d] + s_monthFactors[date.Month - 1] * weekend;
        }
    }

    /// <summary>Busy-ness mass of days <paramref name="first"/>..<paramref name="last"/>.</summary>
    public double Mass(int first, int last) => _cumulative[last + 1] - _cumulative[first];

    /// <summary>A day in [<paramref name="first"/>, <paramref name="last"/>] drawn in proportion to how busy it is.</summary>
    public int SampleDay(int first, int last, ref Rng rng)
    {
        var low = _cumulative[first];
        var u = low + rng.NextDouble() * (_cumulative[last + 1] - low);

        // Smallest d with cumulative[d + 1] > u.
        int lo = first, hi = last;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_cumulative[mid + 1] > u)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    public static DateTime Date(int day) => FirstDay.AddDays(day);
}
