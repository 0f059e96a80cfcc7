using Encore.Core.Data;

namespace Encore.Core.Tests.Data.Prepare;

/// <summary>
/// Every bad input fails with an <see cref="EncoreException"/> that names the file and the column, and
/// leaves no output files behind.
/// </summary>
public sealed class RawValidationTests
{
    private const string TracksWithout = """
        SELECT CAST(track_id AS BIGINT) AS track_id, CAST(albums AS BIGINT[]) AS albums, CAST(artists AS BIGINT[]) AS artists
        FROM (VALUES (10, [1], [1])) t(track_id, albums, artists)
        """;

    private static EncoreException Fails(RawFixture fixture, TempDirectory dir, Action<string>? spoil = null)
    {
        var raw = dir.Combine("raw");
        fixture.WriteTo(raw);
        spoil?.Invoke(raw);
        var output = dir.Combine("out");
        var e = Assert.Throws<EncoreException>(() => Preprocessor.Prepare(raw, output, new PrepareOptions(),
            cancellationToken: TestContext.Current.CancellationToken));
        Assert.True(!Directory.Exists(output) || !Directory.EnumerateFileSystemEntries(output).Any(),
            "a failed prepare left files in the output directory");
        return e;
    }

    private static void AssertNames(EncoreException e, string file, string? column = null)
    {
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        if (column is not null)
        {
            Assert.Contains($"'{column}'", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture(), dir, raw => File.Delete(Path.Combine(raw, FileNames.Interactions)));
        Assert.Equal($"{Path.Combine(dir.Combine("raw"), FileNames.Interactions)}: file not found.", e.Message);
    }

    [Fact]
    public void MissingColumnIsNamed()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture { TracksSql = TracksWithout }, dir);
        AssertNames(e, FileNames.Tracks, Columns.Genres);
        Assert.Contains("missing column", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MistypedColumnNamesTheActualAndExpectedTypes()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture { TracksSql = $"SELECT CAST(track_id AS VARCHAR) AS track_id, albums, artists, genres FROM ({RawFixture.Tracks})" }, dir);
        AssertNames(e, FileNames.Tracks);
        Assert.EndsWith("column 'track_id' has type VARCHAR, expected BIGINT.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StringTimestampIsAMistypedColumn()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture { InteractionsSql = $"SELECT user_id, track_id, track_seq, CAST(started_at AS VARCHAR) AS started_at FROM ({RawFixture.Interactions})" }, dir);
        AssertNames(e, FileNames.Interactions, Columns.StartedAt);
        Assert.Contains("expected TIMESTAMP", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFileIsRejected()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture { InteractionsSql = $"SELECT * FROM ({RawFixture.Interactions}) WHERE false" }, dir);
        AssertNames(e, FileNames.Interactions);
        Assert.Contains("no rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotParquetIsRejected()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture(), dir, raw => File.WriteAllText(Path.Combine(raw, FileNames.CatalogNames), "id,type,name\n1,album,x\n"));
        AssertNames(e, FileNames.CatalogNames);
        Assert.Contains("not a readable Parquet file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCatalogTypeValueIsNamed()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture { CatalogSql = $"{RawFixture.Catalog} UNION ALL SELECT 5, 'podcast', 'Talk'" }, dir);
        AssertNames(e, FileNames.CatalogNames, Columns.Type);
        Assert.Contains("'podcast'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullIdIsRejected()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture { InteractionsSql = $"{RawFixture.Interactions} UNION ALL SELECT NULL, 10, 8, TIMESTAMP_NS '2022-12-01'" }, dir);
        AssertNames(e, FileNames.Interactions, Columns.UserId);
        Assert.Contains("1 NULL values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateTrackIdIsRejected()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture { TracksSql = $"{RawFixture.Tracks} UNION ALL SELECT 40, [2], [2], [2]" }, dir);
        AssertNames(e, FileNames.Tracks, Columns.TrackId);
        Assert.Contains("duplicate value 40", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WideUserIdOutsideInt32IsRejected()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture { InteractionsSql = $"SELECT CAST(user_id AS BIGINT) + 3000000000 AS user_id, track_id, track_seq, started_at FROM ({RawFixture.Interactions})" }, dir);
        AssertNames(e, FileNames.Interactions, Columns.UserId);
        Assert.Contains("value 3000000007, outside the int32 range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnwritableOutputDirectoryIsNamed()
    {
        using var dir = new TempDirectory();
        new RawFixture().WriteTo(dir.Combine("raw"));
        // A path under a regular file cannot become a directory, even for root.
        File.WriteAllText(dir.Combine("file"), "x");
        var output = Path.Combine(dir.Combine("file"), "out");
        var e = Assert.Throws<EncoreException>(() => Preprocessor.Prepare(dir.Combine("raw"), output, new PrepareOptions(),
            cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains(output, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MessagesCarryNoDuckDbStackTrace()
    {
        using var dir = new TempDirectory();
        var e = Fails(new RawFixture(), dir, raw => File.WriteAllBytes(Path.Combine(raw, FileNames.Tracks), [1, 2, 3]));
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", e.Message, StringComparison.Ordinal);
    }
}
