using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Tests.Models.Als;

namespace Encore.Core.Tests.Artifacts;

public sealed class AlsFactorsFileWriterTests
{
    private static AlsRecommender Fitted()
    {
        var model = new AlsRecommender(AlsFixtures.Small() with { Iterations = 2 });
        model.Fit(AlsFixtures.CheckerboardWithDiagonalWithheld(6), cancellationToken: TestContext.Current.CancellationToken);
        return model;
    }

    /// <summary>Every (id, factors) row of <paramref name="path"/> as DuckDB reads it, in file order.</summary>
    internal static List<(long Id, float[] Factors)> ReadWithDuckDb(string path, string idColumn, int factors)
    {
        using var db = new DuckDbSession();
        var columns = string.Join(", ", Enumerable.Range(0, factors).Select(AlsFactorsFileWriter.FactorColumn).Select(Sql.Identifier));
        return db.Query(
            $"SELECT {Sql.Identifier(idColumn)}, {columns} FROM read_parquet({Sql.Literal(path)}) ORDER BY file_row_number",
            record =>
            {
                var row = new float[factors];
                for (var j = 0; j < factors; j++)
                {
                    row[j] = (float)record.GetValue(j + 1);
                }

                return (Convert.ToInt64(record.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), row);
            });
    }

    private static void AssertSameFactors(FactorMatrix expected, IdMap ids, List<(long Id, float[] Factors)> actual)
    {
        Assert.Equal(expected.Rows, actual.Count);
        for (var i = 0; i < expected.Rows; i++)
        {
            Assert.Equal(ids.ToExternal(i), actual[i].Id);
            Assert.True(expected.Row(i).SequenceEqual(actual[i].Factors), $"row {i} differs");
        }
    }

    [Theory]
    [InlineData(1 << 18)]
    [InlineData(4)]
    public void DuckDbReadsBackTheModelsFactorsWithTheOriginalIdsInModelOrder(int rowGroupRows)
    {
        using var dir = new TempDirectory();
        var model = Fitted();
        var users = IdMap.FromIds([60L, 10, 50, 20, 40, 30]);
        var items = IdMap.FromIds([7L, 300, 9, 100, 8, 200]);
        var token = TestContext.Current.CancellationToken;

        Assert.Equal(6, AlsFactorsFileWriter.Write(dir.Combine("u.parquet"), "user_id", model.UserFactors, users, rowGroupRows, token));
        Assert.Equal(6, AlsFactorsFileWriter.Write(dir.Combine("i.parquet"), "item_id", model.ItemFactors, items, rowGroupRows, token));

        AssertSameFactors(model.UserFactors, users, ReadWithDuckDb(dir.Combine("u.parquet"), "user_id", model.UserFactors.Columns));
        AssertSameFactors(model.ItemFactors, items, ReadWithDuckDb(dir.Combine("i.parquet"), "item_id", model.ItemFactors.Columns));
    }

    [Fact]
    public void TheFileHasAnIntegerIdColumnThenOneFloatColumnPerFactorInRowGroupsOfTheGivenSize()
    {
        using var dir = new TempDirectory();
        var model = Fitted();
        var path = dir.Combine("u.parquet");
        AlsFactorsFileWriter.Write(path, "user_id", model.UserFactors, IdMap.FromIds([1L, 2, 3, 4, 5, 6]), 4, TestContext.Current.CancellationToken);

        using var db = new DuckDbSession();
        var schema = db.Query(
            $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({Sql.Literal(path)}))",
            r => $"{r.GetString(0)} {r.GetString(1)}");
        Assert.Equal(
            ["user_id INTEGER", .. Enumerable.Range(0, model.UserFactors.Columns).Select(j => $"f{j} FLOAT")],
            schema);
        Assert.Equal(2L, db.Scalar<long>($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({Sql.Literal(path)})"));
    }

    [Fact]
    public void TheSameFactorsGiveByteIdenticalFiles()
    {
        using var dir = new TempDirectory();
        var model = Fitted();
        var ids = IdMap.FromIds([1L, 2, 3, 4, 5, 6]);
        AlsFactorsFileWriter.Write(dir.Combine("a.parquet"), "user_id", model.UserFactors, ids, TestContext.Current.CancellationToken);
        AlsFactorsFileWriter.Write(dir.Combine("b.parquet"), "user_id", model.UserFactors, ids, TestContext.Current.CancellationToken);

        Assert.Equal(File.ReadAllBytes(dir.Combine("a.parquet")), File.ReadAllBytes(dir.Combine("b.parquet")));
    }

    [Fact]
    public void IdsThatDoNotMatchTheFactorRowsAreRejected()
    {
        using var dir = new TempDirectory();
        var model = Fitted();
        var error = Assert.Throws<ArgumentException>(() =>
            AlsFactorsFileWriter.Write(dir.Combine("u.parquet"), "user_id", model.UserFactors, IdMap.FromIds([1L]), TestContext.Current.CancellationToken));
        Assert.Contains("1 ids for 6 factor rows", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("u.parquet")));
    }
}
