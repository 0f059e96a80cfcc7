using System.Numerics.Tensors;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Runtime;

namespace Encore.Core.Models.Als;

/// <summary>
/// implicit's training loss (<c>implicit/cpu/_als.pyx: calculate_loss</c>), so the two libraries' numbers compare:
/// <c>(Σᵤ Σᵢ cᵤᵢ(pᵤᵢ − xᵤᵀyᵢ)² + λ(‖X‖² + ‖Y‖²)) / (Σ c over observed cells + users·items − nnz)</c>.
/// The sum over all users×items cells is taken with the YᵀY trick: per user,
/// <c>Σ_obs c + xᵀ(YᵀY)x + Σ_obs ((c − 1)(xᵀy)² − 2c·xᵀy)</c>.
/// </summary>
internal static class AlsLoss
{
    public static double Compute(SparseMatrix confidence, FactorMatrix users, FactorMatrix items, float regularization, int threads, SimdWidth width)
    {
        var f = users.Columns;
        var gram = new float[f * f];
        AlsSolver.GramPlusRegularization(items, 0f, gram, threads, width);

        // Per-range partial sums, added in range order afterwards: the same bits with any thread count.
        var ranges = ParallelRanges.RangeCount(users.Rows, AlsSolver.RowRange);
        var partials = new double[ranges * 3];
        ParallelRanges.For<float>(users.Rows, AlsSolver.RowRange, threads, f, (start, end, r) =>
        {
            ReadOnlySpan<float> y = items.Data;
            double loss = 0, total = 0, norm = 0;
            for (var u = start; u < end; u++)
            {
                var x = users.Row(u);
                var cs = confidence.RowValues(u);
                SparseGramProduct.Compute(gram, y, f, confidence.RowIndices(u), cs, x, r, 1f, -2f, 1f, width);
                foreach (var c in cs)
                {
                    loss += c;
                    total += c;
                }

                loss += TensorPrimitives.Dot(r, x);
                norm += TensorPrimitives.Dot(x, x);
            }

            var at = start / AlsSolver.RowRange * 3;
            partials[at] = loss;
            partials[at + 1] = total;
            partials[at + 2] = norm;
        });

        double sumLoss = 0, sumConfidence = 0, userNorm = 0, itemNorm = 0;
        for (var k = 0; k < ranges; k++)
        {
            sumLoss += partials[3 * k];
            sumConfidence += partials[(3 * k) + 1];
            userNorm += partials[(3 * k) + 2];
        }

        for (var i = 0; i < items.Rows; i++)
        {
            var row = items.Row(i);
            itemNorm += TensorPrimitives.Dot(row, row);
        }

        sumLoss += regularization * (itemNorm + userNorm);
        var cells = ((double)confidence.Rows * confidence.Columns) - confidence.Nnz;
        return sumLoss / (sumConfidence + cells);
    }
}
