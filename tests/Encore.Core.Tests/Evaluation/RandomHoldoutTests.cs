using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation;

namespace Encore.Core.Tests.Evaluation;

public sealed class RandomHoldoutTests
{
    // User 0: 10 items, user 1: 4 items (below the minimum of 5), user 2: none, user 3: 5 items.
    private static SparseMatrix Matrix()
    {
        var users = new List<int>();
        var items = new List<int>();
        var values = new List<float>();
        void Add(int user, int count)
        {
            for (var i = 0; i < count; i++)
            {
                users.Add(user);
                items.Add((i * 3) + user);
                values.Add(i + 1);
            }
        }

        Add(0, 10);
        Add(1, 4);
        Add(3, 5);
        return SparseMatrix.FromTriplets(4, 40, users.ToArray(), items.ToArray(), values.ToArray());
    }

    [Fact]
    public void SameSeedGivesTheSameSplitAndAnotherSeedADifferentOne()
    {
        var a = RandomHoldout.Split(Matrix(), 0.2, 42);
        var b = RandomHoldout.Split(Matrix(), 0.2, 42);
        var c = RandomHoldout.Split(Matrix(), 0.5, 7);
        var d = RandomHoldout.Split(Matrix(), 0.5, 8);

        Assert.Equal(a.Test.Indices.ToArray(), b.Test.Indices.ToArray());
        Assert.Equal(a.Train.Indices.ToArray(), b.Train.Indices.ToArray());
        Assert.NotEqual(c.Test.Indices.ToArray(), d.Test.Indices.ToArray());
    }

    [Fact]
    public void EachUserLosesRoundedFractionAndSmallUsersStayInTrain()
    {
        var split = RandomHoldout.Split(Matrix(), 0.2, 42);

        Assert.Equal([2, 0, 0, 1], Enumerable.Range(0, 4).Select(split.Test.RowLength));
        Assert.Equal([8, 4, 0, 4], Enumerable.Range(0, 4).Select(split.Train.RowLength));
    }

    [Fact]
    public void TrainAndTestPartitionTheCellsAndKeepTheirValues()
    {
        var matrix = Matrix();
        var split = RandomHoldout.Split(matrix, 0.5, 3);

        for (var r = 0; r < matrix.Rows; r++)
        {
            var train = split.Train.RowIndices(r).ToArray();
            var test = split.Test.RowIndices(r).ToArray();
            Assert.Empty(train.Intersect(test));
            Assert.Equal(matrix.RowIndices(r).ToArray(), train.Concat(test).Order());
            foreach (var item in test)
            {
                Assert.Equal(matrix.Get(r, item), split.Test.Get(r, item));
            }
        }

        Assert.Equal((matrix.Rows, matrix.Columns), (split.Test.Rows, split.Test.Columns));
    }

    [Fact]
    public void AUsersSplitDoesNotDependOnTheOtherUsers()
    {
        var full = RandomHoldout.Split(Matrix(), 0.3, 42);
        var alone = RandomHoldout.Split(
            SparseMatrix.FromTriplets(4, 40, [3, 3, 3, 3, 3], [3, 6, 9, 12, 15], [1, 2, 3, 4, 5]), 0.3, 42);

        Assert.Equal(full.Test.RowIndices(3).ToArray(), alone.Test.RowIndices(3).ToArray());
    }

    [Theory]
    [InlineData(4, 0.2, 0)]
    [InlineData(5, 0.2, 1)]
    [InlineData(5, 0.01, 1)]
    [InlineData(5, 0.99, 4)]
    [InlineData(100, 0.2, 20)]
    [InlineData(12, 0.2, 2)]
    public void TestCountIsRoundedAndLeavesAtLeastOneTrainItem(int n, double fraction, int expected) =>
        Assert.Equal(expected, RandomHoldout.TestCount(n, fraction));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void FractionOutsideTheOpenUnitIntervalIsRejected(double fraction) =>
        Assert.Contains("--test-fraction", Assert.Throws<EncoreException>(() => RandomHoldout.Split(Matrix(), fraction, 1)).Message, StringComparison.Ordinal);
}
