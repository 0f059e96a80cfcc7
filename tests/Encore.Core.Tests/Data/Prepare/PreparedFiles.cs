using Encore.Core.Data;
using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data.Prepare;

public sealed record ItemRow(int ItemId, string Name, string[] Albums, string[] Artists, string[] Genres, int[] GenreIds);

public sealed record EventRow(int UserId, int ItemId, DateTime StartedAt);

public sealed record GenreRow(int GenreId, string Name, long ItemsCount, double Score);

/// <summary>Runs <see cref="Preprocessor.Prepare"/> on a fixture and reads the prepared files back.</summary>
public sealed class PreparedFiles
{
    private PreparedFiles(string directory, PrepareSummary summary)
    {
        Directory = directory;
        Summary = summary;
    }

    public string Directory { get; }

    public PrepareSummary Summary { get; }

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Writes <paramref name="fixture"/> under <paramref name="root"/>/raw and prepares it into root/out.</summary>
    public static PreparedFiles Create(RawFixture fixture, string root, PrepareOptions? options = null)
    {
        var raw = Path.Combine(root, "raw");
        var output = Path.Combine(root, "out");
        fixture.WriteTo(raw);
        var summary = Preprocessor.Prepare(raw, output, options ?? new PrepareOptions(), cancellationToken: TestContext.Current.CancellationToken);
        return new PreparedFiles(output, summary);
    }

    public List<ItemRow> Items() => Query(
        $"SELECT * FROM read_parquet({Sql.Literal(PathOf(FileNames.Items))})",
        r => new ItemRow(
            r.GetInt32(0),
            r.GetString(1),
            [.. ListAt<string>(r, 2)],
            [.. ListAt<string>(r, 3)],
            [.. ListAt<string>(r, 4)],
            [.. ListAt<int>(r, 5)]));

    public List<EventRow> Events() => Query(
        $"SELECT * FROM read_parquet({Sql.Literal(PathOf(FileNames.Events))})",
        r => new EventRow(r.GetInt32(0), r.GetInt32(1), r.GetDateTime(2)));

    public List<GenreRow> Genres() => Query(
        $"SELECT * FROM read_parquet({Sql.Literal(PathOf(FileNames.GenresTable))})",
        r => new GenreRow(r.GetInt32(0), r.GetString(1), r.GetInt64(2), r.GetDouble(3)));

    /// <summary>Column names and DuckDB types of a prepared file, in file order.</summary>
    public List<string> Schema(string fileName) => Query(
        $"DESCRIBE SELECT * FROM read_parquet({Sql.Literal(PathOf(fileName))})",
        r => $"{r.GetString(0)} {r.GetString(1)}");

    public long Drop(string reason) => Summary.Drops.Single(d => d.Reason == reason).Rows;

    public long Step(string step) => Summary.Steps.Single(s => s.Step == step).Rows;

    private static List<T> ListAt<T>(System.Data.IDataRecord record, int ordinal) =>
        ((System.Data.Common.DbDataReader)record).GetFieldValue<List<T>>(ordinal);

    private static List<T> Query<T>(string sql, Func<System.Data.IDataRecord, T> map)
    {
        using var session = new DuckDbSession();
        return session.Query(sql, map);
    }
}
