using Encore.Core.Runtime;

namespace Encore.Core.Data.Interactions;

/// <summary>
/// An immutable CSR matrix of <see cref="float"/> values: row r holds columns
/// <c>Indices[IndPtr[r]..IndPtr[r+1]]</c>, strictly ascending, with their <c>Values</c>.
/// The shape is always explicit, never inferred from the largest id, so trailing users or items without
/// interactions keep their rows and columns (docs/seed.md §9.11).
/// </summary>
/// <remarks>
/// A matrix whose cells all hold one value (binary interactions: 69M ones at full scale, 275 MB) can keep that value
/// once (<see cref="FromCsrUniform"/>): rows read it from a shared run as long as the longest row, and the full value
/// array is made only when <see cref="Values"/> is asked for, which the fold-in and the live ranker never do.
/// </remarks>
public sealed class SparseMatrix
{
    // Rows per range claimed by a worker of the row-sorted build: enough to amortise the claim, few enough to balance.
    private const int RowSortRange = 4096;

    internal readonly int[] IndPtrArray;
    internal readonly int[] IndicesArray;
    private float[]? _values;

    // For a uniform matrix: its one value repeated over the longest row; null when each cell has its own value.
    private readonly float[]? _uniformRun;

    private SparseMatrix(int rows, int columns, int[] indPtr, int[] indices, float[] values)
    {
        Rows = rows;
        Columns = columns;
        IndPtrArray = indPtr;
        IndicesArray = indices;
        _values = values;
    }

    private SparseMatrix(int rows, int columns, int[] indPtr, int[] indices, float[] uniformRun, float value)
    {
        Rows = rows;
        Columns = columns;
        IndPtrArray = indPtr;
        IndicesArray = indices;
        _uniformRun = uniformRun;
        UniformValue = value;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Number of stored cells.</summary>
    public int Nnz => IndicesArray.Length;

    /// <summary>Row start offsets, <see cref="Rows"/> + 1 entries.</summary>
    public ReadOnlySpan<int> IndPtr => IndPtrArray;

    public ReadOnlySpan<int> Indices => IndicesArray;

    /// <summary>Every cell's value, row after row (for a uniform matrix made on first use, then kept).</summary>
    public ReadOnlySpan<float> Values => ValuesArray;

    /// <summary>True when every cell holds <see cref="UniformValue"/> and the matrix keeps it once (<see cref="FromCsrUniform"/>).</summary>
    public bool HasUniformValues => _uniformRun is not null;

    /// <summary>The value of every cell of a uniform matrix (<see cref="HasUniformValues"/>); 0 otherwise.</summary>
    public float UniformValue { get; }

    internal float[] ValuesArray => _values ?? LazyInitializer.EnsureInitialized(ref _values, () =>
    {
        var values = new float[Nnz];
        Array.Fill(values, UniformValue);
        return values;
    });

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
        var length = IndPtrArray[row + 1] - IndPtrArray[row];
        return _uniformRun is { } run ? run.AsSpan(0, length) : _values.AsSpan(IndPtrArray[row], length);
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
        return at >= 0 ? RowValues(row)[at] : 0f;
    }

    /// <summary>Sum of all stored values, accumulated in <see cref="double"/>.</summary>
    public double Sum()
    {
        var sum = 0.0;
        for (var r = 0; r < Rows; r++)
        {
            foreach (var v in RowValues(r))
            {
                sum += v;
            }
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
        ArgumentNullException.ThrowIfNull(values);
        CheckCsr(rows, columns, indPtr, indices);
        if (values.Length != indices.Length)
        {
            throw new EncoreException($"CSR values has {values.Length} entries but indices has {indices.Length}.");
        }

        return new SparseMatrix(rows, columns, indPtr, indices, values);
    }

    /// <summary>
    /// As <see cref="FromCsr"/> for a matrix whose every cell holds <paramref name="value"/>, kept once instead of
    /// once per cell: the same rows, values and sums as <see cref="FromCsr"/> with a value array full of it.
    /// </summary>
    /// <exception cref="EncoreException">The arrays do not describe a valid CSR matrix of that shape.</exception>
    public static SparseMatrix FromCsrUniform(int rows, int columns, int[] indPtr, int[] indices, float value)
    {
        CheckCsr(rows, columns, indPtr, indices);
        var longest = 0;
        for (var r = 0; r < rows; r++)
        {
            longest = Math.Max(longest, indPtr[r + 1] - indPtr[r]);
        }

        var run = new float[longest];
        Array.Fill(run, value);
        return new SparseMatrix(rows, columns, indPtr, indices, run, value);
    }

    private static void CheckCsr(int rows, int columns, int[] indPtr, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indPtr);
        ArgumentNullException.ThrowIfNull(indices);
        CheckShape(rows, columns);
        if (indPtr.Length != rows + 1 || indPtr[0] != 0 || indPtr[rows] != indices.Length)
        {
            throw new EncoreException($"CSR indptr must have {rows + 1} entries from 0 to nnz={indices.Length}.");
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
    }

    /// <summary>
    /// Builds a matrix from (row, column, value) triplets: duplicates are summed (in input order, so the sum is
    /// reproducible) and each row's columns come out ascending. Without <paramref name="values"/> each triplet
    /// counts 1, so the result holds occurrence counts.
    /// </summary>
    /// <remarks>
    /// Triplets already grouped by row in ascending order (a listening log sorted by user, the usual input) only need
    /// each row's columns sorted, row by row in parallel (<see cref="FromRowSortedTriplets"/>); any other order takes
    /// two counting sorts over the whole input (<see cref="FromUnsortedTriplets"/>). Both give the same cells and
    /// the same value bits.
    /// </remarks>
    /// <exception cref="EncoreException">An id is outside the shape, a value is not finite, or lengths differ.</exception>
    public static SparseMatrix FromTriplets(
        int rows, int columns, ReadOnlySpan<int> rowIds, ReadOnlySpan<int> columnIds, ReadOnlySpan<float> values = default)
    {
        var rowsSorted = CheckTriplets(rows, columns, rowIds, columnIds, values);
        return rowsSorted
            ? FromRowSortedTriplets(rows, columns, rowIds, columnIds, values)
            : FromUnsortedTriplets(rows, columns, rowIds, columnIds, values);
    }

    /// <summary>Checks the triplets; true when their rows never decrease.</summary>
    private static bool CheckTriplets(int rows, int columns, ReadOnlySpan<int> rowIds, ReadOnlySpan<int> columnIds, ReadOnlySpan<float> values)
    {
        CheckShape(rows, columns);
        var n = rowIds.Length;
        var hasValues = !values.IsEmpty;
        if (columnIds.Length != n || (hasValues && values.Length != n))
        {
            throw new EncoreException(
                $"Row ids ({n}), column ids ({columnIds.Length}) and values ({values.Length}) must have the same length.");
        }

        var sorted = true;
        var previous = 0;
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

            sorted &= r >= previous;
            previous = r;
        }

        return sorted;
    }

    /// <summary>
    /// <see cref="FromTriplets"/> for checked triplets in any row order: two stable counting sorts (by column, then by
    /// row) leave each row's columns ascending and duplicates adjacent in input order, in O(nnz + rows + columns).
    /// </summary>
    internal static SparseMatrix FromUnsortedTriplets(
        int rows, int columns, ReadOnlySpan<int> rowIds, ReadOnlySpan<int> columnIds, ReadOnlySpan<float> values)
    {
        var n = rowIds.Length;
        var hasValues = !values.IsEmpty;
        var colCount = new int[columns + 1];
        for (var k = 0; k < n; k++)
        {
            colCount[columnIds[k] + 1]++;
        }

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

    /// <summary>
    /// <see cref="FromTriplets"/> for checked triplets whose rows never decrease: each row's triplets are already
    /// together, so each row sorts its own (column, position) keys, rows in parallel, and sums its duplicates in
    /// position order, as the counting sorts do. No step depends on the thread count.
    /// </summary>
    internal static unsafe SparseMatrix FromRowSortedTriplets(
        int rows, int columns, ReadOnlySpan<int> rowIds, ReadOnlySpan<int> columnIds, ReadOnlySpan<float> values)
    {
        var n = rowIds.Length;
        var hasValues = !values.IsEmpty;
        var indPtr = new int[rows + 1];
        foreach (var r in rowIds)
        {
            indPtr[r + 1]++;
        }

        var longest = 0;
        for (var r = 0; r < rows; r++)
        {
            longest = Math.Max(longest, indPtr[r + 1]);
            indPtr[r + 1] += indPtr[r];
        }

        // Each row writes its cells from its own start; rows with duplicates leave gaps, closed afterwards.
        var indices = new int[n];
        var sums = new float[n];
        var kept = new int[rows];
        fixed (int* columnPointer = columnIds)
        fixed (float* valuePointer = values)
        {
            // Spans cannot enter the lambda; the addresses can, and the inputs stay pinned until the loop returns.
            var columnAddress = (nint)columnPointer;
            var valueAddress = (nint)valuePointer;
            ParallelRanges.For<long>(rows, RowSortRange, Environment.ProcessorCount, longest, (start, end, scratch) =>
            {
                var columnOf = new ReadOnlySpan<int>((void*)columnAddress, n);
                var valueOf = hasValues ? new ReadOnlySpan<float>((void*)valueAddress, n) : default;
                for (var r = start; r < end; r++)
                {
                    var first = indPtr[r];
                    var keys = scratch[..(indPtr[r + 1] - first)];
                    for (var j = 0; j < keys.Length; j++)
                    {
                        // Column first, then position in the row: the order the stable counting sorts leave.
                        keys[j] = ((long)columnOf[first + j] << 32) | (uint)j;
                    }

                    keys.Sort();
                    var write = first;
                    foreach (var key in keys)
                    {
                        var c = (int)(key >> 32);
                        var v = hasValues ? valueOf[first + (int)(uint)key] : 1f;
                        if (write > first && indices[write - 1] == c)
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

                    kept[r] = write - first;
                }
            });
        }

        var total = 0;
        var newPtr = new int[rows + 1];
        for (var r = 0; r < rows; r++)
        {
            if (total != indPtr[r])
            {
                // Moves left within the array; Array.Copy handles the overlap.
                Array.Copy(indices, indPtr[r], indices, total, kept[r]);
                Array.Copy(sums, indPtr[r], sums, total, kept[r]);
            }

            total += kept[r];
            newPtr[r + 1] = total;
        }

        if (total != n)
        {
            Array.Resize(ref indices, total);
            Array.Resize(ref sums, total);
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
        var uniform = _uniformRun is not null;
        float[] values = uniform ? [] : new float[Nnz];
        float[] from = uniform ? [] : _values!;
        for (var r = 0; r < Rows; r++)
        {
            for (var k = IndPtrArray[r]; k < IndPtrArray[r + 1]; k++)
            {
                var at = next[IndicesArray[k]]++;
                indices[at] = r;
                if (!uniform)
                {
                    values[at] = from[k];
                }
            }
        }

        return uniform
            ? FromCsrUniform(Columns, Rows, indPtr, indices, UniformValue)
            : new SparseMatrix(Columns, Rows, indPtr, indices, values);
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
