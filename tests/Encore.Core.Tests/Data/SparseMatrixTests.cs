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
}
