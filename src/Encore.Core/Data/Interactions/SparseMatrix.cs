namespace Encore.Core.Data.Interactions;

/// <summary>
/// An immutable CSR matrix of <see cref="float"/> values: row r holds columns
/// <c>Indices[IndPtr[r]..IndPtr[r+1]]</c>, strictly ascending, with their <c>Values</c>.
/// The shape is always explicit, never inferred from the largest id, so trailing users or items without
/// interactions keep their rows and columns (docs/seed.md §9.11).
/// </summary>
public sealed class SparseMatrix
{
    internal readonly int[] IndPtrArray;
    internal readonly int[] IndicesArray;
    internal readonly float[] ValuesArray;

    private SparseMatrix(int rows, int columns, int[] indPtr, int[] indices, float[] values)
    {
        Rows = rows;
        Columns = columns;
        IndPtrArray = indPtr;
        IndicesArray = indices;
        ValuesArray = values;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Number of stored cells.</summary>
    public int Nnz => IndicesArray.Length;

    /// <summary>Row start offsets, <see cref="Rows"/> + 1 entries.</summary>
    public ReadOnlySpan<int> IndPtr => IndPtrArray;

    public ReadOnlySpan<int> Indices => IndicesArray;

    public ReadOnlySpan<float> Values => ValuesArray;

    /// <summary>The ascending column ids of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> RowIndices(int row)
    {
        CheckRow(row);
        return IndicesArray.AsSpan(IndPtrArray[row], IndPtrArray[row + 1] - IndPtrArray[row]);
    }

    /// <summary>The values of row <paramref name="row"/>, aligned with <see cref="RowIndices"/>.</summary>
    public ReadOnlySpan<float> RowValues(int row)
    {
        CheckRow(row);
        return ValuesArray.AsSpan(IndPtrArray[row], IndPtrArray[row + 1] - IndPtrArray[row]);
    }

    /// <summary>Number of stored cells in row <paramref name="row"/>.</summary>
    public int RowLength(int row)
    {
        CheckRow(row);
        return IndPtrArray[row + 1] - IndPtrArray[row];
    }

    /// <summary>The stored value at (row, column), or 0 when the cell is empty.</summary>
    public float Get(int row, int column)
    {
        var at = RowIndices(row).BinarySearch(column);
        return at >= 0 ? ValuesArray[IndPtrArray[row] + at] : 0f;
    }

    /// <summary>Sum of all stored values, accumulated in <see cref="double"/>.</summary>
    public double Sum()
    {
        var sum = 0.0;
        foreach (var v in ValuesArray)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary>
    /// Wraps CSR arrays after checking them: <paramref name="indPtr"/> has rows+1 non-decreasing entries from 0
    /// to nnz, and every row's column ids are in range and strictly ascending. The arrays are taken, not copied.
    /// </summary>
    /// <exception cref="EncoreException">The arrays do not describe a valid CSR matrix of that shape.</exception>
    public static SparseMatrix FromCsr(int rows, int columns, int[] indPtr, int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indPtr);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        CheckShape(rows, columns);
        if (indPtr.Length != rows + 1 || indPtr[0] != 0 || indPtr[rows] != indices.Length)
        {
            throw new EncoreException($"CSR indptr must have {rows + 1} entries from 0 to nnz={indices.Length}.");
        }

        if (values.Length != indices.Length)
        {
            throw new EncoreException($"CSR values has {values.Length} entries but indices has {indices.Length}.");
        }

        for (var r = 0; r < rows; r++)
        {
            var start = indPtr[r];
            var end = indPtr[r + 1];
            if (end < start)
            {
                throw new EncoreException($"CSR indptr decreases at row {r}.");
            }

            for (var k = start; k < end; k++)
            {
                var c = indices[k];
                if ((uint)c >= (uint)columns)
                {
                    throw new EncoreException($"Column id {c} in row {r} is outside [0, {columns}).");
                }

                if (k > start && c <= indices[k - 1])
                {
                    throw new EncoreException($"Column ids of row {r} are not strictly ascending at {c}.");
                }
            }
        }

        return new SparseMatrix(rows, columns, indPtr, indices, values);
    }

    /// <summary>
    /// Builds a matrix from (row, column, value) triplets: duplicates are summed (in input order, so the sum is
    /// reproducible) and each row's columns come out ascending. Without <paramref name="values"/> each triplet
    /// counts 1, so the result holds occurrence counts.
    /// </summary>
    /// <exception cref="EncoreException">An id is outside the shape, a value is not finite, or lengths differ.</exception>
    public static SparseMatrix FromTriplets(
        int rows, int columns, ReadOnlySpan<int> rowIds, ReadOnlySpan<int> columnIds, ReadOnlySpan<float> values = default)
    {
        CheckShape(rows, columns);
        var n = rowIds.Length;
        var hasValues = !values.IsEmpty;
        if (columnIds.Length != n || (hasValues && values.Length != n))
        {
            throw new EncoreException(
                $"Row ids ({n}), column ids ({columnIds.Length}) and values ({values.Length}) must have the same length.");
        }

        var colCount = new int[columns + 1];
        for (var k = 0; k < n; k++)
        {
            var r = rowIds[k];
            var c = columnIds[k];
            if ((uint)r >= (uint)rows)
            {
                throw new EncoreException($"Row id {r} at position {k} is outside [0, {rows}).");
            }

            if ((uint)c >= (uint)columns)
            {
                throw new EncoreException($"Column id {c} at position {k} is outside [0, {columns}).");
            }

            if (hasValues && !float.IsFinite(values[k]))
            {
                throw new EncoreException($"Value {values[k]} at position {k} is not finite.");
            }

            colCount[c + 1]++;
        }

        // Two stable counting sorts (by column, then by row) leave each row's columns ascending and
        // duplicates adjacent in input order, in O(nnz + rows + columns).
        for (var c = 0; c < columns; c++)
        {
            colCount[c + 1] += colCount[c];
        }

        var byColumn = new int[n];
        for (var k = 0; k < n; k++)
        {
            byColumn[colCount[columnIds[k]]++] = k;
        }

        var indPtr = new int[rows + 1];
        for (var k = 0; k < n; k++)
        {
            indPtr[rowIds[k] + 1]++;
        }

        for (var r = 0; r < rows; r++)
        {
            indPtr[r + 1] += indPtr[r];
        }

        var next = indPtr.AsSpan(0, rows).ToArray();
        var order = new int[n];
        foreach (var k in byColumn)
        {
            order[next[rowIds[k]]++] = k;
        }

        var indices = new int[n];
        var sums = new float[n];
        var write = 0;
        var newPtr = new int[rows + 1];
        for (var r = 0; r < rows; r++)
        {
            var rowStart = write;
            for (var p = indPtr[r]; p < indPtr[r + 1]; p++)
            {
                var k = order[p];
                var c = columnIds[k];
                var v = hasValues ? values[k] : 1f;
                if (write > rowStart && indices[write - 1] == c)
                {
                    sums[write - 1] += v;
                }
                else
                {
                    indices[write] = c;
                    sums[write] = v;
                    write++;
                }
            }

            newPtr[r + 1] = write;
        }

        if (write != n)
        {
            Array.Resize(ref indices, write);
            Array.Resize(ref sums, write);
        }

        return new SparseMatrix(rows, columns, newPtr, indices, sums);
    }

    /// <summary>A new matrix with the same cells and values replaced by <paramref name="values"/> (same order).</summary>
    public SparseMatrix WithValues(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Nnz)
        {
            throw new ArgumentException($"Expected {Nnz} values, got {values.Length}.", nameof(values));
        }

        return new SparseMatrix(Rows, Columns, IndPtrArray, IndicesArray, values);
    }

    /// <summary>The transpose (columns become rows), with each new row's ids ascending.</summary>
    public SparseMatrix Transpose()
    {
        var indPtr = new int[Columns + 1];
        foreach (var c in IndicesArray)
        {
            indPtr[c + 1]++;
        }

        for (var c = 0; c < Columns; c++)
        {
            indPtr[c + 1] += indPtr[c];
        }

        var next = indPtr.AsSpan(0, Columns).ToArray();
        var indices = new int[Nnz];
        var values = new float[Nnz];
        for (var r = 0; r < Rows; r++)
        {
            for (var k = IndPtrArray[r]; k < IndPtrArray[r + 1]; k++)
            {
                var at = next[IndicesArray[k]]++;
                indices[at] = r;
                values[at] = ValuesArray[k];
            }
        }

        return new SparseMatrix(Columns, Rows, indPtr, indices, values);
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}).");
        }
    }

    private static void CheckShape(int rows, int columns)
    {
        if (rows < 0 || columns < 0)
        {
            throw new EncoreException($"Matrix shape {rows}x{columns} must not be negative.");
        }
    }
}
