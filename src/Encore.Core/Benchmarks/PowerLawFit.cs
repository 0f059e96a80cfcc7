namespace Encore.Core.Benchmarks;

/// <summary>y ≈ c·x^k: the exponent k that tells how a cost grows with the data (1 linear, 2 quadratic).</summary>
/// <param name="Exponent">k, the slope of log y on log x.</param>
/// <param name="Coefficient">c, so that y = c·x^k at the fit.</param>
/// <param name="Points">How many (x, y) pairs the fit used (both positive and finite).</param>
public sealed record PowerLawFit(double Exponent, double Coefficient, int Points)
{
    /// <summary>
    /// Least squares of log y on log x. Pairs with a zero, negative or non-finite value cannot be on a log-log line
    /// and are left out; null when fewer than two pairs with distinct x remain, since a slope needs two.
    /// </summary>
    public static PowerLawFit? Fit(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        if (xs.Count != ys.Count)
        {
            throw new ArgumentException($"{xs.Count} x values but {ys.Count} y values.", nameof(ys));
        }

        var logX = new List<double>();
        var logY = new List<double>();
        for (var i = 0; i < xs.Count; i++)
        {
            if (xs[i] > 0 && ys[i] > 0 && double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
            {
                logX.Add(Math.Log(xs[i]));
                logY.Add(Math.Log(ys[i]));
            }
        }

        if (logX.Count < 2)
        {
            return null;
        }

        var meanX = logX.Average();
        var meanY = logY.Average();
        double sxx = 0, sxy = 0;
        for (var i = 0; i < logX.Count; i++)
        {
            sxx += (logX[i] - meanX) * (logX[i] - meanX);
            sxy += (logX[i] - meanX) * (logY[i] - meanY);
        }

        if (sxx <= 0)
        {
            return null;
        }

        var slope = sxy / sxx;
        return new PowerLawFit(slope, Math.Exp(meanY - slope * meanX), logX.Count);
    }
}
