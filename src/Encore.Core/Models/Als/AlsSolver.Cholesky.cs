using Encore.Core.Linalg;

namespace Encore.Core.Models.Als;

internal static partial class AlsSolver
{
    /// <summary>
    /// The exact solve, written for clarity: form A = G + Σₖ (cₖ − 1)·yₖyₖᵀ and b = Σₖ cₖ·yₖ, factor A = LLᵀ and
    /// substitute twice. Accumulates in <see cref="double"/>; it is the yardstick the CG solver is tested against.
    /// </summary>
    /// <remarks><paramref name="gram"/>: SᵀS + λI, f×f.</remarks>
    /// <remarks><paramref name="scratch"/>: At least f² + f doubles.</remarks>
    /// <remarks><paramref name="row"/>: The row being solved, for the error message.</remarks>
    /// <exception cref="EncoreException">A is not positive definite (only possible with λ = 0).</exception>
    public static void SolveCholesky(
        ReadOnlySpan<float> gram, ReadOnlySpan<float> source, int f, ReadOnlySpan<int> ids, ReadOnlySpan<float> confidence,
        Span<float> x, Span<double> scratch, int row)
    {
        if (ids.IsEmpty)
        {
            x.Clear();
            return;
        }

        var a = scratch[..(f * f)];
        var b = scratch.Slice(f * f, f);
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = gram[i];
        }

        b.Clear();
        for (var k = 0; k < ids.Length; k++)
        {
            var y = source.Slice(ids[k] * f, f);
            double c = confidence[k];
            var extra = c - 1.0;
            for (var j = 0; j < f; j++)
            {
                b[j] += c * y[j];
                var s = extra * y[j];
                for (var l = 0; l <= j; l++)
                {
                    a[(j * f) + l] += s * y[l];
                }
            }
        }

        if (!Cholesky.TryFactor(a, f))
        {
            throw new EncoreException(
                $"ALS Cholesky solve failed on row {row}: the system is not positive definite; increase 'regularization'.");
        }

        Cholesky.Solve(a, b, f);
        for (var j = 0; j < f; j++)
        {
            x[j] = (float)b[j];
        }
    }
}
