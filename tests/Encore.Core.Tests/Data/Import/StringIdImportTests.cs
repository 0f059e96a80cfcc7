using System.Security.Cryptography;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Import;

namespace Encore.Core.Tests.Data.Import;

/// <summary>
/// Import of logs whose user or item column holds strings (user names, UUIDs, MusicBrainz ids): dense ints in the
/// data files, the maps beside them, integer columns untouched.
/// </summary>
public sealed class StringIdImportTests
{
    // Listeners by name, tracks by MusicBrainz-like id; lines out of order, one id padded with blanks.
    private const string Log =
        "user,track,plays\n" +
        "zoe,b10bbbc8-0000-4000-8000-00000000000b,3\n" +
        "Alice,a20aaa1f-0000-4000-8000-00000000000a,1\n" +
        "bob, b10bbbc8-0000-4000-8000-00000000000b ,2\n" +
        "Alice,b10bbbc8-0000-4000-8000-00000000000b,5\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Write(TempDirectory dir, string name, string text)
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static ImportOptions Options(string events, string? names = null) => new()
    {
        EventsPath = events,
        UserColumn = "user",
        ItemColumn = "track",
        WeightColumn = "plays",
        NamesPath = names,
        NamesIdColumn = "mbid",
        NamesNameColumn = "title",
    };

    private static List<(int Id, string Original)> ReadMap(string path, string idColumn, string originalColumn)
    {
        using var session = new DuckDbSession();
        return session.Query(
            $"SELECT {idColumn}, {originalColumn} FROM read_parquet({Sql.Literal(path)}) ORDER BY 1",
            r => (r.GetInt32(0), r.GetString(1)));
    }

    /// <summary>The events as (original user, original item, weight), read back through both maps.</summary>
    private static List<(string User, string Item, float Weight)> EventsThroughTheMaps(string directory)
    {
        using var session = new DuckDbSession();
        string Of(string file) => $"read_parquet({Sql.Literal(Path.Combine(directory, file))})";
        return session.Query(
            $"""
            SELECT u.original_user_id, i.original_item_id, e.weight
            FROM {Of("events.parquet")} e
            JOIN {Of("user_ids.parquet")} u USING (user_id)
            JOIN {Of("item_ids.parquet")} i USING (item_id)
            ORDER BY 1, 2, 3
            """,
            r => (r.GetString(0), r.GetString(1), r.GetFloat(2)));
    }

    [Fact]
    public void StringIdsGetDenseIdsInOrdinalOrderAndTheEventsReadBackThroughTheMaps()
    {
        using var dir = new TempDirectory();

        var summary = Importer.Import(Options(Write(dir, "log.csv", Log)), dir.Combine("out"), cancellationToken: Ct);

        // Ordinal (byte) order: upper case before lower case.
        Assert.Equal([(0, "Alice"), (1, "bob"), (2, "zoe")], ReadMap(dir.Combine("out", "user_ids.parquet"), "user_id", "original_user_id"));
        Assert.Equal(
            [(0, "a20aaa1f-0000-4000-8000-00000000000a"), (1, "b10bbbc8-0000-4000-8000-00000000000b")],
            ReadMap(dir.Combine("out", "item_ids.parquet"), "item_id", "original_item_id"));
        Assert.Equal(
            [
                ("Alice", "a20aaa1f-0000-4000-8000-00000000000a", 1f), ("Alice", "b10bbbc8-0000-4000-8000-00000000000b", 5f),
                ("bob", "b10bbbc8-0000-4000-8000-00000000000b", 2f), ("zoe", "b10bbbc8-0000-4000-8000-00000000000b", 3f),
            ],
            EventsThroughTheMaps(dir.Combine("out")));
        Assert.Equal((4L, 3L, 2L, true, true), (summary.Events, summary.Users, summary.Items, summary.UserIdsMapped, summary.ItemIdsMapped));
    }

    [Fact]
    public void TheMapsAndEventsDoNotDependOnTheOrderOfTheLines()
    {
        using var dir = new TempDirectory();
        var lines = Log.TrimEnd('\n').Split('\n');
        var reversed = string.Join('\n', [lines[0], .. lines[1..].Reverse()]) + "\n";

        Importer.Import(Options(Write(dir, "a.csv", Log)), dir.Combine("a"), cancellationToken: Ct);
        Importer.Import(Options(Write(dir, "b.csv", reversed)), dir.Combine("b"), cancellationToken: Ct);

        foreach (var file in new[] { "events.parquet", "items.parquet", "user_ids.parquet", "item_ids.parquet" })
        {
            Assert.Equal(SHA256.HashData(File.ReadAllBytes(dir.Combine("a", file))), SHA256.HashData(File.ReadAllBytes(dir.Combine("b", file))));
        }
    }

    [Fact]
    public void OnlyTheColumnWithStringIdsIsMappedAndIntegerIdsStayAsTheyAre()
    {
        using var dir = new TempDirectory();
        var options = Options(Write(dir, "log.csv", "user,track,plays\nzoe,70,1\nAlice,-3,2\n"));

        var summary = Importer.Import(options, dir.Combine("out"), cancellationToken: Ct);

        Assert.Equal((true, false), (summary.UserIdsMapped, summary.ItemIdsMapped));
        Assert.True(File.Exists(dir.Combine("out", "user_ids.parquet")));
        Assert.False(File.Exists(dir.Combine("out", "item_ids.parquet")));
        using var session = new DuckDbSession();
        Assert.Equal(
            [(0, -3), (1, 70)],
            session.Query(
                $"SELECT user_id, item_id FROM read_parquet({Sql.Literal(dir.Combine("out", "events.parquet"))}) ORDER BY 1",
                r => (r.GetInt32(0), r.GetInt32(1))));
    }

    [Fact]
    public void AnIntegerLogKeepsItsIdsAndWritesNoMap()
    {
        using var dir = new TempDirectory();
        var options = Options(Write(dir, "log.csv", "user,track,plays\n 42,7,1\n-5,2147483647,2\n"));

        var summary = Importer.Import(options, dir.Combine("out"), cancellationToken: Ct);

        Assert.Equal((false, false), (summary.UserIdsMapped, summary.ItemIdsMapped));
        Assert.Equal(["events.parquet", "items.parquet"], Directory.GetFiles(dir.Combine("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var session = new DuckDbSession();
        Assert.Equal(
            [(-5, 2147483647), (42, 7)],
            session.Query(
                $"SELECT user_id, item_id FROM read_parquet({Sql.Literal(dir.Combine("out", "events.parquet"))}) ORDER BY 1",
                r => (r.GetInt32(0), r.GetInt32(1))));
    }

    [Fact]
    public void NumbersBeyondInt32AreStringIdsToo()
    {
        using var dir = new TempDirectory();
        var options = Options(Write(dir, "log.csv", "user,track,plays\n1,5000000000,1\n2,7,1\n"));

        Importer.Import(options, dir.Combine("out"), cancellationToken: Ct);

        Assert.Equal([(0, "5000000000"), (1, "7")], ReadMap(dir.Combine("out", "item_ids.parquet"), "item_id", "original_item_id"));
        Assert.False(File.Exists(dir.Combine("out", "user_ids.parquet")));
    }

    [Fact]
    public void NamesFileIdsAreMatchedToTheItemMapAsStrings()
    {
        using var dir = new TempDirectory();
        var names = Write(dir, "names.csv",
            "mbid,title\nb10bbbc8-0000-4000-8000-00000000000b,Second\nff000000-0000-4000-8000-0000000000ff,Unplayed\n" +
            " a20aaa1f-0000-4000-8000-00000000000a ,First\n");

        var summary = Importer.Import(Options(Write(dir, "log.csv", Log), names), dir.Combine("out"), cancellationToken: Ct);

        using var session = new DuckDbSession();
        Assert.Equal(
            [(0, "First"), (1, "Second")],
            session.Query(
                $"SELECT item_id, name FROM read_parquet({Sql.Literal(dir.Combine("out", "items.parquet"))}) ORDER BY 1",
                r => (r.GetInt32(0), r.GetString(1))));
        Assert.Equal(2, summary.NamedItems);
    }

    [Theory]
    [InlineData("user,track,plays\nzoe,x,1\n,y,1\n", "log.csv', line 3: column 'user' has an empty value, expected a non-empty id")]
    [InlineData("user,track,plays\nzoe,x,1\nbob,  ,1\n", "log.csv', line 3: column 'track' has '  ', expected a non-empty id")]
    public void ABlankStringIdIsNamedByFileLineAndColumn(string log, string expected)
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<EncoreException>(() => Importer.Import(Options(Write(dir, "log.csv", log)), dir.Combine("out"), cancellationToken: Ct));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("out")));
    }

    [Fact]
    public void ABlankIdInTheNamesFileOfStringItemsIsNamed()
    {
        using var dir = new TempDirectory();
        var names = Write(dir, "names.csv", "mbid,title\nb10bbbc8-0000-4000-8000-00000000000b,Second\n,Nameless\n");

        var error = Assert.Throws<EncoreException>(() =>
            Importer.Import(Options(Write(dir, "log.csv", Log), names), dir.Combine("out"), cancellationToken: Ct));

        Assert.Contains("names.csv', line 3: column 'mbid' has an empty value, expected a non-empty id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportingIntegerIdsIntoAFolderWithMapsRemovesTheStaleMaps()
    {
        using var dir = new TempDirectory();
        Importer.Import(Options(Write(dir, "strings.csv", Log)), dir.Combine("out"), cancellationToken: Ct);
        Assert.True(File.Exists(dir.Combine("out", "user_ids.parquet")));

        Importer.Import(Options(Write(dir, "ints.csv", "user,track,plays\n1,2,1\n")), dir.Combine("out"), cancellationToken: Ct);

        Assert.False(File.Exists(dir.Combine("out", "user_ids.parquet")));
        Assert.False(File.Exists(dir.Combine("out", "item_ids.parquet")));
    }

    [Fact]
    public void TheWrittenMapReadsBackAsAnIdMapWithBothDirections()
    {
        using var dir = new TempDirectory();
        Importer.Import(Options(Write(dir, "log.csv", Log)), dir.Combine("out"), cancellationToken: Ct);

        var map = IdMapFile.Users.Read(dir.Combine("out", "user_ids.parquet"));

        Assert.Equal(3, map.Count);
        Assert.Equal("bob", map.ToOriginal(1));
        Assert.True(map.TryFromOriginal("zoe", out var zoe));
        Assert.Equal(2, zoe);
        Assert.False(map.TryFromOriginal("alice", out _));
    }

    [Theory]
    [InlineData("SELECT 0::INTEGER AS user_id, 'a' AS original_user_id UNION ALL SELECT 2, 'b'", "column 'user_id' must hold each id 0..1 once")]
    [InlineData("SELECT 0::INTEGER AS user_id, 'a' AS original_user_id UNION ALL SELECT 1, 'a'", "column 'original_user_id' repeats 'a' (ids 0 and 1)")]
    [InlineData("SELECT 0::INTEGER AS user_id, '' AS original_user_id", "column 'original_user_id' has 1 empty values")]
    [InlineData("SELECT 0::INTEGER AS user_id, 5 AS original_user_id", "column 'original_user_id' has type INTEGER, expected VARCHAR")]
    public void AMalformedMapIsRejectedNamingFileAndColumn(string select, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("user_ids.parquet");
        using (var session = new DuckDbSession())
        {
            session.Execute($"COPY ({select}) TO {Sql.Literal(path)} (FORMAT parquet)");
        }

        var error = Assert.Throws<EncoreException>(() => IdMapFile.Users.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
