using System.Numerics.Tensors;
using Encore.Core.Linalg;

namespace Encore.Core.Models.Als;

internal static partial class AlsSolver
{
    /// <summary>
    /// A few conjugate-gradient steps on (G + Sᵀ(Cᵤ − I)S)·x = SᵀCᵤp(u), warm-started from the current x
    /// (Takács, Pilászy &amp; Tikk 2011), the same iteration as implicit's <c>least_squares_cg</c>, including its
    /// 1e-20 early exits. A = G + Sᵀ(Cᵤ − I)S is never formed: each product costs O(f² + nnz·f), not O(nnz·f²).
    /// </summary>
    /// <remarks><paramref name="gram"/>: SᵀS + λI, f×f.</remarks>
    /// <remarks><paramref name="x"/>: The row's factors: the start point on entry, the result on exit.</remarks>
    public static void SolveConjugateGradient(
        ReadOnlySpan<float> gram, ReadOnlySpan<float> source, int f, ReadOnlySpan<int> ids, ReadOnlySpan<float> confidence,
        Span<float> x, Span<float> r, Span<float> p, Span<float> ap, int steps, SimdWidth width)
    {
        if (ids.IsEmpty)
        {
            x.Clear();
            return;
        }

        // r = b − A·x
        SparseGramProduct.Compute(gram, source, f, ids, confidence, x, r, -1f, 1f, -1f, width, prefetch: true);
        r.CopyTo(p);
        var rsOld = TensorPrimitives.Dot(r, r);
        if (rsOld < 1e-20f)
        {
            return;
        }

        for (var step = 0; step < steps; step++)
        {
            SparseGramProduct.Compute(gram, source, f, ids, confidence, p, ap, 1f, 0f, 1f, width);
            var alpha = rsOld / TensorPrimitives.Dot(p, ap);
            TensorPrimitives.MultiplyAdd(p, alpha, x, x);
            TensorPrimitives.MultiplyAdd(ap, -alpha, r, r);
            var rsNew = TensorPrimitives.Dot(r, r);
            if (rsNew < 1e-20f)
            {
                break;
            }

            // p = r + (rsNew / rsOld)·p
            TensorPrimitives.MultiplyAdd(p, rsNew / rsOld, r, p);
            rsOld = rsNew;
        }
    }
}
