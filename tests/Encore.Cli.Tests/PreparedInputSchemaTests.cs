using Encore.Core.Data.DuckDb;

namespace Encore.Cli.Tests;

/// <summary>
/// train and evaluate check the prepared files' columns before any work: a column of another type is one line naming
/// the file, the column and the expected type, exit code 1 (issue 12: a VARCHAR item_id was "internal error
/// (InvalidCastException)", exit 2).
/// </summary>
public sealed class PreparedInputSchemaTests : IClassFixture<TrainCommandTests.PreparedData>
{
    private readonly TrainCommandTests.PreparedData _data;

    public PreparedInputSchemaTests(TrainCommandTests.PreparedData data) => _data = data;

    /// <summary>A copy of the prepared data in <paramref name="dir"/> with <paramref name="file"/> rewritten by <paramref name="select"/> over it.</summary>
    private string DataWith(TempDirectory dir, string file, string select)
    {
        var data = dir.Combine("data");
        Directory.CreateDirectory(data);
        foreach (var source in Directory.EnumerateFiles(_data.Path))
        {
            if (Path.GetFileName(source) != file)
            {
                File.Copy(source, Path.Combine(data, Path.GetFileName(source)));
            }
        }

        using var db = new DuckDbSession();
        db.Execute(
            $"COPY (SELECT {select} FROM read_parquet({Sql.Literal(Path.Combine(_data.Path, file))})) TO {Sql.Literal(Path.Combine(data, file))} (FORMAT parquet)");
        return data;
    }

    private static string[] Train(string data, string output) =>
        ["train", "--data", data, "--out", output, "--factors", "4", "--iterations", "2", "--threads", "2", "--no-ranker"];

    private static void AssertOneLineUserError(int code, string error, params string[] named)
    {
        Assert.True(code == 1, $"exit code {code}: {error}");
        Assert.Single(error.Trim().Split('\n'));
        foreach (var part in named)
        {
            Assert.Contains(part, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TrainRefusesAVarcharItemIdNamingTheFileColumnAndExpectedType()
    {
        using var dir = new TempDirectory();
        var data = DataWith(dir, "items.parquet", "* REPLACE (CAST(item_id AS VARCHAR) AS item_id)");

        var (code, _, error) = CliHarness.Invoke(Train(data, dir.Combine("artifacts")));

        AssertOneLineUserError(code, error, Path.Combine(data, "items.parquet"), "'item_id'", "VARCHAR", "expected INTEGER");
    }

    [Fact]
    public void TrainRefusesABigintItemIdNamingTheFileAndColumn()
    {
        using var dir = new TempDirectory();
        var data = DataWith(dir, "items.parquet", "* REPLACE (CAST(item_id AS BIGINT) + 3000000000 AS item_id)");

        var (code, _, error) = CliHarness.Invoke(Train(data, dir.Combine("artifacts")));

        AssertOneLineUserError(code, error, Path.Combine(data, "items.parquet"), "'item_id'", "BIGINT", "expected INTEGER");
    }

    [Fact]
    public void TrainRefusesAGenreIdsColumnThatIsNotAListBeforeTraining()
    {
        using var dir = new TempDirectory();
        var data = DataWith(dir, "items.parquet", "* REPLACE (CAST(genre_ids AS VARCHAR) AS genre_ids)");

        var (code, output, error) = CliHarness.Invoke(Train(data, dir.Combine("artifacts")));

        AssertOneLineUserError(code, error, Path.Combine(data, "items.parquet"), "'genre_ids'", "expected INTEGER[]");
        Assert.DoesNotContain("ALS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainWithNoListensBeforeTheSplitDateNamesTheEventsFileAndDate()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke([.. Train(_data.Path, dir.Combine("artifacts")), "--split-date", "1900-01-01"]);

        AssertOneLineUserError(code, error, Path.Combine(_data.Path, "events.parquet"), "1900-01-01");
    }

    [Fact]
    public void EvaluateRefusesAVarcharItemIdNamingTheFileAndColumn()
    {
        using var dir = new TempDirectory();
        var data = DataWith(dir, "items.parquet", "* REPLACE (CAST(item_id AS VARCHAR) AS item_id)");
        var artifacts = dir.Combine("artifacts");
        var (code, _, error) = CliHarness.Invoke(Train(_data.Path, artifacts));
        Assert.True(code == 0, error);

        (code, _, error) = CliHarness.Invoke("evaluate", "--data", data, "--artifacts", artifacts);

        AssertOneLineUserError(code, error, Path.Combine(data, "items.parquet"), "'item_id'", "expected INTEGER");
    }
}
