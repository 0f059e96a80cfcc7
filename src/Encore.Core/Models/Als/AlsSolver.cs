using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Runtime;

namespace Encore.Core.Models.Als;

/// <summary>
/// One ALS half-iteration: with the other side's factors S fixed, every row u of the target gets
/// x_u = (SᵀS + λI + Sᵀ(Cᵤ − I)S)⁻¹ SᵀCᵤp(u)  (Hu, Koren &amp; Volinsky 2008, eq. 4).
/// SᵀS is computed once per half-iteration; rows are then solved in parallel over contiguous ranges.
/// </summary>
internal static partial class AlsSolver
{
    /// <summary>Rows per work item: big enough to amortise the claim, small enough to balance 2–16 threads.</summary>
    internal const int RowRange = 256;

    /// <summary>Rows per partial Gram matrix; a block of 64-float rows this long stays in L2.</summary>
    internal const int GramRange = 2048;

    /// <summary>
    /// Writes SᵀS + λI (full and symmetric) into <paramref name="gram"/>. Partial sums over fixed row blocks
    /// are added in block order, so the result does not depend on <paramref name="threads"/>.
    /// </summary>
    public static void GramPlusRegularization(FactorMatrix source, float regularization, Span<float> gram, int threads, SimdWidth width)
    {
        var f = source.Columns;
        var ff = f * f;
        var blocks = ParallelRanges.RangeCount(source.Rows, GramRange);
        var partials = new float[Math.Max(1, blocks) * ff];
        var data = source;
        ParallelRanges.For<float>(source.Rows, GramRange, threads, 0, (start, end, _) =>
        {
            var rows = data.Data.Slice(start * f, (end - start) * f);
            Gram.AccumulateUpper(rows, end - start, f, partials.AsSpan(start / GramRange * ff, ff), width);
        });

        var result = gram[..ff];
        partials.AsSpan(0, ff).CopyTo(result);
        for (var b = 1; b < blocks; b++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(result, partials.AsSpan(b * ff, ff), result);
        }

        Gram.Symmetrize(result, f);
        for (var j = 0; j < f; j++)
        {
            result[(j * f) + j] += regularization;
        }
    }

    /// <summary>Solves every row of <paramref name="target"/> against <paramref name="source"/>.</summary>
    /// <remarks><paramref name="confidence"/>: Target×source matrix whose values are the confidences c.</remarks>
    public static void SolveRows(
        SparseMatrix confidence, FactorMatrix target, FactorMatrix source, float[] gram, AlsOptions options, int threads,
        SimdWidth width, CancellationToken cancellationToken)
    {
        var f = target.Columns;
        if (options.Solver == AlsSolverKind.ConjugateGradient)
        {
            var steps = options.CgSteps;
            ParallelRanges.For<float>(target.Rows, RowRange, threads, 3 * f, (start, end, scratch) =>
            {
                var r = scratch[..f];
                var p = scratch.Slice(f, f);
                var ap = scratch.Slice(2 * f, f);
                ReadOnlySpan<float> s = source.Data;
                for (var u = start; u < end; u++)
                {
                    if (u + 1 < end)
                    {
                        SparseGramProduct.PrefetchRows(s, f, confidence.RowIndices(u + 1));
                    }

                    SolveConjugateGradient(
                        gram, s, f, confidence.RowIndices(u), confidence.RowValues(u), target.Row(u), r, p, ap, steps, width);
                }
            }, cancellationToken);
        }
        else
        {
            ParallelRanges.For<double>(target.Rows, RowRange, threads, (f * f) + f, (start, end, scratch) =>
            {
                ReadOnlySpan<float> s = source.Data;
                for (var u = start; u < end; u++)
                {
                    SolveCholesky(gram, s, f, confidence.RowIndices(u), confidence.RowValues(u), target.Row(u), scratch, u);
                }
            }, cancellationToken);
        }
    }
}
