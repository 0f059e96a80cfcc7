using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Randomness;

namespace Encore.Core.Tests.Models.Als;

/// <summary>How a saved model's training values come back: kept once when they are all one value, else as saved.</summary>
public sealed class AlsModelValuesTests
{
    private const int Users = 2000;
    private const int Items = 1000;
    private const int Factors = 8;

    /// <summary>A model over random factors and a random matrix (~100 items per user) whose cells all hold 1.</summary>
    private static AlsRecommender RandomBinaryModel()
    {
        var random = new SplitMix64(17);
        var users = new FactorMatrix(Users, Factors);
        var items = new FactorMatrix(Items, Factors);
        foreach (var matrix in new[] { users, items })
        {
            for (var r = 0; r < matrix.Rows; r++)
            {
                foreach (ref var v in matrix.Row(r))
                {
                    v = random.NextSingle() - 0.5f;
                }
            }
        }

        var rows = new List<int>();
        var columns = new List<int>();
        for (var u = 0; u < Users; u++)
        {
            for (var i = 0; i < Items; i++)
            {
                if (random.NextBelow(10) == 0)
                {
                    rows.Add(u);
                    columns.Add(i);
                }
            }
        }

        var cells = SparseMatrix.FromTriplets(Users, Items, rows.ToArray(), columns.ToArray());
        return AlsRecommender.FromFactors(new AlsOptions { Factors = Factors }, users, items, cells);
    }

    /// <summary><paramref name="model"/> with its training values held one per cell, as a fit holds them.</summary>
    internal static AlsRecommender WithEveryValue(AlsRecommender model)
    {
        var m = model.UserItems;
        var cells = SparseMatrix.FromCsr(m.Rows, m.Columns, m.IndPtr.ToArray(), m.Indices.ToArray(), m.Values.ToArray());
        return AlsRecommender.FromFactors(model.Options, model.UserFactors, model.ItemFactors, cells);
    }

    private static AlsRecommender SavedAndLoaded(AlsRecommender model, out long allocated)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var loaded = AlsRecommender.Load(stream);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return loaded;
    }

    [Fact]
    public void ABinaryModelKeepsItsOneTrainingValueInsteadOfAnArrayOfIt()
    {
        var model = RandomBinaryModel();
        var nnz = model.UserItems.Nnz;
        Assert.True(nnz > 150_000, $"only {nnz} cells");

        var loaded = SavedAndLoaded(model, out var allocated);

        Assert.True(loaded.UserItems.HasUniformValues);
        Assert.Equal(1f, loaded.UserItems.UniformValue);
        for (var u = 0; u < Users; u++)
        {
            Assert.Equal(model.UserItems.RowIndices(u).ToArray(), loaded.UserItems.RowIndices(u).ToArray());
            Assert.Equal(model.UserItems.RowValues(u).ToArray(), loaded.UserItems.RowValues(u).ToArray());
        }

        // Factors, offsets and column ids are read into arrays of their own; the values (4 bytes a cell) are not.
        long arrays = (4L * Factors * (Users + Items)) + (4L * (Users + 1)) + (4L * nnz);
        Assert.True(allocated < arrays + (2L * nnz), $"loading allocated {allocated:N0} bytes; the model's arrays are {arrays:N0}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70_000)]
    [InlineData(-1)]
    public void AModelWhoseValuesDifferAnywhereLoadsEveryValueAsSaved(int position)
    {
        var binary = RandomBinaryModel();
        var m = binary.UserItems;
        var values = m.Values.ToArray();
        values[position < 0 ? values.Length - 1 : position] = 3f;
        var cells = SparseMatrix.FromCsr(m.Rows, m.Columns, m.IndPtr.ToArray(), m.Indices.ToArray(), values);
        var model = AlsRecommender.FromFactors(binary.Options, binary.UserFactors, binary.ItemFactors, cells);

        var loaded = SavedAndLoaded(model, out _);

        Assert.False(loaded.UserItems.HasUniformValues);
        Assert.Equal(values, loaded.UserItems.Values.ToArray());
        Assert.Equal(m.Indices.ToArray(), loaded.UserItems.Indices.ToArray());
    }

    [Fact]
    public void AModelWithoutTrainingCellsLoads()
    {
        var model = AlsRecommender.FromFactors(
            new AlsOptions { Factors = 2 }, new FactorMatrix(3, 2), new FactorMatrix(4, 2), SparseMatrix.FromTriplets(3, 4, [], []));

        var loaded = SavedAndLoaded(model, out _);

        Assert.Equal(0, loaded.UserItems.Nnz);
        Assert.True(loaded.UserItems.RowValues(2).IsEmpty);
    }
}
