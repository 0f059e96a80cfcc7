using System.Numerics;
using Encore.Core.Randomness;

namespace Encore.Core.Data.Interactions;

/// <summary>Random interaction matrices for benchmarks and tests (never real data).</summary>
public static class SyntheticInteractions
{
    /// <summary>
    /// A users×items matrix with exactly <paramref name="nnz"/> distinct cells drawn uniformly, each with value
    /// 1 + Geometric(½) (1, 2, 3, … with P(1) = ½, like skewed play counts). Same arguments, same matrix.
    /// </summary>
    /// <exception cref="EncoreException">The shape is empty or cannot hold that many cells.</exception>
    public static SparseMatrix Uniform(int users, int items, int nnz, ulong seed)
    {
        if (users < 1 || items < 1)
        {
            throw new EncoreException($"Synthetic matrix shape {users}x{items} must have at least one user and one item.");
        }

        var cellsTotal = (long)users * items;
        if (nnz < 0 || nnz > cellsTotal)
        {
            throw new EncoreException($"Synthetic matrix of {users}x{items} cannot hold {nnz} distinct cells.");
        }

        var random = new SplitMix64(seed);
        var cells = new long[nnz];
        var distinct = 0;

        // Draw the missing number, sort, drop repeats; repeats are rare unless the matrix is dense.
        while (distinct < nnz)
        {
            for (var k = distinct; k < nnz; k++)
            {
                cells[k] = (long)random.NextBelow((ulong)cellsTotal);
            }

            Array.Sort(cells);
            var write = 0;
            for (var k = 0; k < nnz; k++)
            {
                if (write == 0 || cells[k] != cells[write - 1])
                {
                    cells[write++] = cells[k];
                }
            }

            distinct = write;
        }

        var indPtr = new int[users + 1];
        var indices = new int[nnz];
        var values = new float[nnz];
        for (var k = 0; k < nnz; k++)
        {
            var row = (int)(cells[k] / items);
            indices[k] = (int)(cells[k] % items);
            indPtr[row + 1]++;
            values[k] = 1 + BitOperations.TrailingZeroCount(random.NextUInt64() | (1UL << 63));
        }

        for (var r = 0; r < users; r++)
        {
            indPtr[r + 1] += indPtr[r];
        }

        return SparseMatrix.FromCsr(users, items, indPtr, indices, values);
    }
}
