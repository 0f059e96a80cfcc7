using Encore.Core.Data.Interactions;

namespace Encore.Core.Tests.Data;

public sealed class SparseMatrixTests
{
    [Fact]
    public void FromTripletsSumsDuplicatesAndSortsColumnsWithinRows()
    {
        int[] rows = [1, 0, 1, 1, 0];
        int[] cols = [2, 1, 0, 2, 1];
        float[] vals = [1f, 2f, 3f, 4f, 5f];
        var m = SparseMatrix.FromTriplets(2, 3, rows, cols, vals);

        Assert.Equal([0, 1, 3], m.IndPtr.ToArray());
        Assert.Equal([1, 0, 2], m.Indices.ToArray());
        Assert.Equal([7f, 3f, 5f], m.Values.ToArray());
    }

    [Fact]
    public void FromTripletsWithoutValuesCountsOccurrences()
    {
        var m = SparseMatrix.FromTriplets(1, 2, [0, 0, 0], [1, 1, 0]);
        Assert.Equal([1f, 2f], m.Values.ToArray());
    }

    [Fact]
    public void ExplicitShapeKeepsEmptyTrailingRowsAndColumns()
    {
        var m = SparseMatrix.FromTriplets(5, 7, [0, 1], [1, 2], [1f, 1f]);
        Assert.Equal(5, m.Rows);
        Assert.Equal(7, m.Columns);
        Assert.Equal(0, m.RowLength(4));
        var t = m.Transpose();
        Assert.Equal(7, t.Rows);
        Assert.Equal(5, t.Columns);
        Assert.Equal(0, t.RowLength(6));
    }

    [Fact]
    public void TransposeSwapsCellsAndKeepsIdsAscending()
    {
        var m = SparseMatrix.FromTriplets(3, 2, [0, 2, 1, 0], [1, 1, 0, 0], [1f, 2f, 3f, 4f]);
        var t = m.Transpose();
        Assert.Equal([0, 2, 4], t.IndPtr.ToArray());
        Assert.Equal([0, 1, 0, 2], t.Indices.ToArray());
        Assert.Equal([4f, 3f, 1f, 2f], t.Values.ToArray());
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 2; c++)
            {
                Assert.Equal(m.Get(r, c), t.Get(c, r));
            }
        }
    }

    [Fact]
    public void FromTripletsRejectsIdsOutsideTheShapeNamingTheId()
    {
        var e = Assert.Throws<EncoreException>(() => SparseMatrix.FromTriplets(2, 2, [0, 2], [0, 0], [1f, 1f]));
        Assert.Contains("Row id 2", e.Message);
        e = Assert.Throws<EncoreException>(() => SparseMatrix.FromTriplets(2, 2, [0], [-1], [1f]));
        Assert.Contains("Column id -1", e.Message);
    }

    [Fact]
    public void FromTripletsRejectsNonFiniteValues()
    {
        var e = Assert.Throws<EncoreException>(() => SparseMatrix.FromTriplets(1, 1, [0], [0], [float.NaN]));
        Assert.Contains("not finite", e.Message);
    }

    [Fact]
    public void FromCsrRejectsUnsortedColumns()
    {
        var e = Assert.Throws<EncoreException>(() => SparseMatrix.FromCsr(1, 3, [0, 2], [2, 1], [1f, 1f]));
        Assert.Contains("row 0", e.Message);
    }

    [Fact]
    public void AUniformMatrixReadsAsTheMatrixWithItsValueInEveryCell()
    {
        // Rows of every length, an empty one and trailing empty rows included; a value other than 1.
        int[] indPtr = [0, 3, 3, 4, 9, 9, 9];
        int[] indices = [0, 2, 5, 1, 0, 1, 2, 3, 6];
        var full = SparseMatrix.FromCsr(6, 7, indPtr, indices, Enumerable.Repeat(2.5f, indices.Length).ToArray());
        var uniform = SparseMatrix.FromCsrUniform(6, 7, indPtr, indices, 2.5f);

        Assert.True(uniform.HasUniformValues);
        Assert.False(full.HasUniformValues);
        Assert.Equal(2.5f, uniform.UniformValue);
        for (var r = 0; r < full.Rows; r++)
        {
            Assert.Equal(full.RowIndices(r).ToArray(), uniform.RowIndices(r).ToArray());
            Assert.Equal(full.RowValues(r).ToArray(), uniform.RowValues(r).ToArray());
            for (var c = 0; c < full.Columns; c++)
            {
                Assert.Equal(full.Get(r, c), uniform.Get(r, c));
            }
        }

        Assert.Equal(full.Sum(), uniform.Sum());
        var (fullT, uniformT) = (full.Transpose(), uniform.Transpose());
        Assert.True(uniformT.HasUniformValues);
        Assert.Equal(fullT.IndPtr.ToArray(), uniformT.IndPtr.ToArray());
        Assert.Equal(fullT.Indices.ToArray(), uniformT.Indices.ToArray());
        Assert.Equal(fullT.Values.ToArray(), uniformT.Values.ToArray());
        // The full value array, for the callers that ask for it, is made on demand and kept.
        var values = uniform.Values;
        Assert.Equal(full.Values.ToArray(), values.ToArray());
        Assert.True(values.Overlaps(uniform.Values));
    }

    [Fact]
    public void FromCsrUniformChecksTheArraysAsFromCsrDoes()
    {
        var e = Assert.Throws<EncoreException>(() => SparseMatrix.FromCsrUniform(1, 3, [0, 2], [2, 1], 1f));
        Assert.Contains("row 0", e.Message);
        e = Assert.Throws<EncoreException>(() => SparseMatrix.FromCsrUniform(2, 3, [0, 1], [1], 1f));
        Assert.Contains("indptr", e.Message);
    }

    [Fact]
    public void FromTripletsSumsARowsDuplicatesInInputOrder()
    {
        // (1e8 + 1) - 1e8 is 0 in float, (1e8 - 1e8) + 1 is 1: only input order gives 0.
        var m = SparseMatrix.FromTriplets(2, 3, [0, 0, 0, 1], [1, 1, 1, 0], [1e8f, 1f, -1e8f, 2f]);

        Assert.Equal([0, 1, 2], m.IndPtr.ToArray());
        Assert.Equal([1, 0], m.Indices.ToArray());
        Assert.Equal([0f, 2f], m.Values.ToArray());
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void FromTripletsOnRowSortedInputEqualsTheCountingSortsBitForBit(int seed, bool withValues)
    {
        // Rows in ascending order (some empty, one long), columns in any order with many duplicates, values whose sums
        // depend on their order: the per-row sort must give the counting sorts' cells and bits.
        var random = new Random(seed);
        const int Rows = 9000, Columns = 700;
        var rowIds = new List<int>();
        var columnIds = new List<int>();
        var values = new List<float>();
        for (var r = 0; r < Rows; r++)
        {
            var length = r == 4321 ? 20000 : random.Next(4) == 0 ? 0 : random.Next(1, 60);
            for (var j = 0; j < length; j++)
            {
                rowIds.Add(r);
                columnIds.Add(random.Next(random.Next(2) == 0 ? 8 : Columns));
                values.Add((float)(random.NextDouble() * Math.Pow(10, random.Next(-3, 9)) * (random.Next(2) == 0 ? -1 : 1)));
            }
        }

        var weights = withValues ? values.ToArray() : [];
        var fast = SparseMatrix.FromTriplets(Rows, Columns, rowIds.ToArray(), columnIds.ToArray(), weights);
        var reference = SparseMatrix.FromUnsortedTriplets(Rows, Columns, rowIds.ToArray(), columnIds.ToArray(), weights);

        Assert.Equal(reference.IndPtr.ToArray(), fast.IndPtr.ToArray());
        Assert.Equal(reference.Indices.ToArray(), fast.Indices.ToArray());
        Assert.Equal(
            reference.Values.ToArray().Select(BitConverter.SingleToInt32Bits),
            fast.Values.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void FromTripletsOnRowSortedInputChecksIdsAsOnAnyOtherOrder()
    {
        var e = Assert.Throws<EncoreException>(() => SparseMatrix.FromTriplets(2, 2, [0, 1, 1], [0, 1, 2], [1f, 1f, 1f]));
        Assert.Contains("Column id 2 at position 2", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<EncoreException>(() => SparseMatrix.FromTriplets(2, 2, [0, 1], [0, 1], [1f, float.PositiveInfinity]));
        Assert.Contains("position 1 is not finite", e.Message, StringComparison.Ordinal);
    }
}
