namespace Encore.Core.Linalg;

/// <summary>
/// The dense Cholesky factorisation and the two substitutions of ALS's exact solves (the training solver and the
/// request-time fold-in), on a row-major f×f matrix in <see cref="double"/>. f is the factor count (tens), so the
/// plain triple loop is the right tool; callers own the matrices and name the failure in their own terms.
/// </summary>
internal static class Cholesky
{
    /// <summary>A = L·Lᵀ (Cholesky–Banachiewicz) on the lower triangle of <paramref name="a"/>, L stored in place.</summary>
    /// <returns>False when A is not positive definite; <paramref name="a"/> is then partly overwritten.</returns>
    public static bool TryFactor(Span<double> a, int f)
    {
        for (var j = 0; j < f; j++)
        {
            for (var l = 0; l <= j; l++)
            {
                var sum = a[(j * f) + l];
                for (var m = 0; m < l; m++)
                {
                    sum -= a[(j * f) + m] * a[(l * f) + m];
                }

                if (l == j)
                {
                    if (!(sum > 0))
                    {
                        return false;
                    }

                    a[(j * f) + j] = Math.Sqrt(sum);
                }
                else
                {
                    a[(j * f) + l] = sum / a[(l * f) + l];
                }
            }
        }

        return true;
    }

    /// <summary>Solves L·Lᵀ·x = b in place (L from <see cref="TryFactor"/>): L·z = b, then Lᵀ·x = z.</summary>
    public static void Solve(ReadOnlySpan<double> l, Span<double> b, int f)
    {
        for (var j = 0; j < f; j++)
        {
            var sum = b[j];
            for (var m = 0; m < j; m++)
            {
                sum -= l[(j * f) + m] * b[m];
            }

            b[j] = sum / l[(j * f) + j];
        }

        for (var j = f - 1; j >= 0; j--)
        {
            var sum = b[j];
            for (var m = j + 1; m < f; m++)
            {
                sum -= l[(m * f) + j] * b[m];
            }

            b[j] = sum / l[(j * f) + j];
        }
    }
}
