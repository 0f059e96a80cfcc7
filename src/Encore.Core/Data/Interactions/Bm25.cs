namespace Encore.Core.Data.Interactions;

/// <summary>
/// BM25 weighting of a count matrix, as <c>implicit.nearest_neighbours.bm25_weight</c> computes it, so that
/// models trained on it compare with the Python ones.
/// </summary>
/// <remarks>
/// Rows are the "documents" and columns the "terms": with N = rows, df(c) = stored cells in column c,
/// len(r) = sum of row r and avg = mean of len over all rows (empty ones included),
/// <c>w = x·(K1+1) / (K1·((1−B) + B·len(r)/avg) + x) · (ln N − ln(1 + df(c)))</c>.
/// implicit's examples weight the item×user matrix (items are the documents); pass the transpose to do the same.
/// </remarks>
public static class Bm25
{
    public const float DefaultK1 = 100f;
    public const float DefaultB = 0.8f;

    /// <summary>The BM25-weighted copy of <paramref name="counts"/> (same cells, new values).</summary>
    /// <exception cref="EncoreException"><paramref name="k1"/> is negative or <paramref name="b"/> is outside [0, 1].</exception>
    public static SparseMatrix Weight(SparseMatrix counts, float k1 = DefaultK1, float b = DefaultB)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (!(k1 >= 0) || !float.IsFinite(k1))
        {
            throw new EncoreException($"BM25 K1 must be a finite number ≥ 0, got {k1}.");
        }

        if (!(b >= 0 && b <= 1))
        {
            throw new EncoreException($"BM25 B must be in [0, 1], got {b}.");
        }

        var indPtr = counts.IndPtr;
        var indices = counts.Indices;
        var values = counts.Values;
        var df = new int[counts.Columns];
        foreach (var c in indices)
        {
            df[c]++;
        }

        var logN = Math.Log(counts.Rows);
        var idf = new double[counts.Columns];
        for (var c = 0; c < idf.Length; c++)
        {
            idf[c] = logN - Math.Log(1.0 + df[c]);
        }

        var rowSums = new double[counts.Rows];
        var total = 0.0;
        for (var r = 0; r < counts.Rows; r++)
        {
            var sum = 0.0;
            for (var k = indPtr[r]; k < indPtr[r + 1]; k++)
            {
                sum += values[k];
            }

            rowSums[r] = sum;
            total += sum;
        }

        var average = counts.Rows == 0 ? 0.0 : total / counts.Rows;
        var weighted = new float[counts.Nnz];
        for (var r = 0; r < counts.Rows; r++)
        {
            var lengthNorm = (1.0 - b) + (b * rowSums[r] / average);
            for (var k = indPtr[r]; k < indPtr[r + 1]; k++)
            {
                double x = values[k];
                weighted[k] = (float)(x * (k1 + 1.0) / ((k1 * lengthNorm) + x) * idf[indices[k]]);
            }
        }

        return counts.WithValues(weighted);
    }
}
