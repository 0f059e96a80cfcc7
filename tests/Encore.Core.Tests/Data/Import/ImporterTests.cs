using System.Security.Cryptography;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Import;

namespace Encore.Core.Tests.Data.Import;

public sealed class ImporterTests
{
    // Last.fm hetrec user_artists.dat: tab-separated, header, play counts, no time; lines out of order.
    private const string LastFm = "userID\tartistID\tweight\n3\t51\t5\n2\t52\t11690\n2\t51\t13883\n";

    // artists.dat: a name with quotes that a CSV reader would choke on, and an artist nobody played.
    private const string Artists = "id\tname\turl\n51\t\"Weird Al\" Yankovic\thttp://x\n52\tDiary of Dreams\thttp://y\n99\tNobody\thttp://z\n";

    // MovieLens ratings.csv: comma-separated, Unix seconds, CRLF line ends.
    private const string MovieLens = "userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n1,1029,3.0,1260759179\r\n7,31,4.5,0\r\n";

    private static string Write(TempDirectory dir, string name, string text)
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<(int User, int Item, DateTime StartedAt, float Weight)> ReadEvents(string directory, bool weights = true)
    {
        using var session = new DuckDbSession();
        var weight = weights ? "weight" : "CAST(1 AS FLOAT)";
        return session.Query(
            $"SELECT user_id, item_id, started_at, {weight} FROM read_parquet({Sql.Literal(Path.Combine(directory, "events.parquet"))})",
            r => (r.GetInt32(0), r.GetInt32(1), r.GetDateTime(2), r.GetFloat(3)));
    }

    private static List<(int Item, string Name, long Lists)> ReadItems(string directory)
    {
        using var session = new DuckDbSession();
        return session.Query(
            $"""
            SELECT item_id, name, len(albums) + len(artists) + len(genres) + len(genre_ids)
            FROM read_parquet({Sql.Literal(Path.Combine(directory, "items.parquet"))})
            """,
            r => (r.GetInt32(0), r.GetString(1), r.GetInt64(2)));
    }

    private static ImportOptions LastFmOptions(string events, string? names = null) => new()
    {
        EventsPath = events,
        UserColumn = "userID",
        ItemColumn = "artistID",
        WeightColumn = "weight",
        NamesPath = names,
    };

    [Fact]
    public void LastFmLogBecomesEventsSortedByUserWithWeightsAndTheEpochAsTime()
    {
        using var dir = new TempDirectory();
        var options = LastFmOptions(Write(dir, "user_artists.dat", LastFm));

        var summary = Importer.Import(options, dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([(2, 51, DateTime.UnixEpoch, 13883f), (2, 52, DateTime.UnixEpoch, 11690f), (3, 51, DateTime.UnixEpoch, 5f)],
            ReadEvents(dir.Combine("out")));
        Assert.Equal((3L, 2L, 2L, '\t', true, ImportTimeKind.None),
            (summary.Events, summary.Users, summary.Items, summary.Separator, summary.HasWeights, summary.Time));
    }

    [Fact]
    public void NamesFileNamesPlayedItemsOnlyAndKeepsQuotesInTabSeparatedNames()
    {
        using var dir = new TempDirectory();
        var options = LastFmOptions(Write(dir, "user_artists.dat", LastFm), Write(dir, "artists.dat", Artists));

        var summary = Importer.Import(options, dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([(51, "\"Weird Al\" Yankovic", 0L), (52, "Diary of Dreams", 0L)], ReadItems(dir.Combine("out")));
        Assert.Equal(2, summary.NamedItems);
    }

    [Fact]
    public void ItemsWithoutANamesFileHaveEmptyNames()
    {
        using var dir = new TempDirectory();
        Importer.Import(LastFmOptions(Write(dir, "a.tsv", LastFm)), dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([(51, "", 0L), (52, "", 0L)], ReadItems(dir.Combine("out")));
    }

    [Fact]
    public void UnixSecondsBecomeUtcTimestampsAndCrlfIsRead()
    {
        using var dir = new TempDirectory();
        var options = new ImportOptions
        {
            EventsPath = Write(dir, "ratings.csv", MovieLens),
            UserColumn = "userId",
            ItemColumn = "movieId",
            WeightColumn = "rating",
            TimeColumn = "timestamp",
        };

        var summary = Importer.Import(options, dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            [(1, 31, new DateTime(2009, 12, 14, 2, 52, 24), 2.5f), (1, 1029, new DateTime(2009, 12, 14, 2, 52, 59), 3f), (7, 31, DateTime.UnixEpoch, 4.5f)],
            ReadEvents(dir.Combine("out")));
        Assert.Equal((ImportTimeKind.UnixSeconds, ','), (summary.Time, summary.Separator));
    }

    [Fact]
    public void IsoTimesAreReadAsUtcAndEventsSortByTimeWithinAUser()
    {
        using var dir = new TempDirectory();
        var options = new ImportOptions
        {
            EventsPath = Write(dir, "log.csv", "user;item;when\n5;1;2024-03-02 10:00:00\n5;2;2024-03-01\n5;3;2024-03-01T12:00:00+02:00\n"),
            UserColumn = "user",
            ItemColumn = "item",
            TimeColumn = "when",
        };

        var summary = Importer.Import(options, dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            [(5, 2, new DateTime(2024, 3, 1), 1f), (5, 3, new DateTime(2024, 3, 1, 10, 0, 0), 1f), (5, 1, new DateTime(2024, 3, 2, 10, 0, 0), 1f)],
            ReadEvents(dir.Combine("out"), weights: false));
        Assert.Equal(ImportTimeKind.IsoDateTime, summary.Time);
    }

    [Fact]
    public void WithoutHeaderColumnsAreNamedByPosition()
    {
        using var dir = new TempDirectory();
        var options = new ImportOptions
        {
            EventsPath = Write(dir, "log.csv", "1,10\n2,20\n"),
            UserColumn = "column0",
            ItemColumn = "column1",
            Header = false,
        };

        Importer.Import(options, dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([(1, 10, DateTime.UnixEpoch, 1f), (2, 20, DateTime.UnixEpoch, 1f)], ReadEvents(dir.Combine("out"), weights: false));
    }

    [Fact]
    public void SameInputGivesByteIdenticalFilesWhateverTheLineOrder()
    {
        using var dir = new TempDirectory();
        var reversed = "userID\tartistID\tweight\n2\t51\t13883\n2\t52\t11690\n3\t51\t5\n";
        Importer.Import(LastFmOptions(Write(dir, "a.dat", LastFm)), dir.Combine("a"), cancellationToken: TestContext.Current.CancellationToken);
        Importer.Import(LastFmOptions(Write(dir, "b.dat", reversed)), dir.Combine("b"), cancellationToken: TestContext.Current.CancellationToken);

        foreach (var file in new[] { "events.parquet", "items.parquet" })
        {
            Assert.Equal(
                SHA256.HashData(File.ReadAllBytes(dir.Combine("a", file))),
                SHA256.HashData(File.ReadAllBytes(dir.Combine("b", file))));
        }
    }

    [Fact]
    public void UnknownColumnIsNamedWithTheColumnsFound()
    {
        using var dir = new TempDirectory();
        var options = LastFmOptions(Write(dir, "a.dat", LastFm)) with { ItemColumn = "trackID" };

        var error = Assert.Throws<EncoreException>(() => Importer.Import(options, dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("'trackID'", error.Message, StringComparison.Ordinal);
        Assert.Contains("userID, artistID, weight", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("out", "events.parquet")));
    }

    [Theory]
    [InlineData("userID\tartistID\tweight\n2\t51\t3\n \t52\t4\n", "line 3", "'userID'", "expected an integer id")]
    [InlineData("userID\tartistID\tweight\nbob\t51\t3\n\t52\t4\n", "line 3", "'userID'", "an empty value, expected a non-empty id")]
    [InlineData("userID\tartistID\tweight\n2\t51\tmany\n", "line 2", "'weight'", "'many'")]
    [InlineData("userID\tartistID\tweight\n2\t51\t-1\n", "line 2", "'weight'", "'-1'")]
    [InlineData("userID\tartistID\tweight\n2\t\t1\n", "line 2", "'artistID'", "empty value")]
    public void BadValueIsNamedByColumnLineAndValue(string text, string line, string column, string value)
    {
        using var dir = new TempDirectory();
        var options = LastFmOptions(Write(dir, "a.dat", text));

        var error = Assert.Throws<EncoreException>(() => Importer.Import(options, dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(line, error.Message, StringComparison.Ordinal);
        Assert.Contains(column, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("out", "events.parquet")));
    }

    [Fact]
    public void MillisecondTimesAreRejectedWithAHint()
    {
        using var dir = new TempDirectory();
        var options = new ImportOptions
        {
            EventsPath = Write(dir, "a.csv", "u,i,ts\n1,2,1238536800000000\n"),
            UserColumn = "u",
            ItemColumn = "i",
            TimeColumn = "ts",
        };

        var error = Assert.Throws<EncoreException>(() => Importer.Import(options, dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("milliseconds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("userID\tartistID\tweight\n", "no data rows")]
    public void EmptyFilesAreRejected(string text, string expected)
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<EncoreException>(() =>
            Importer.Import(LastFmOptions(Write(dir, "a.dat", text)), dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<EncoreException>(() =>
            Importer.Import(LastFmOptions(dir.Combine("nope.dat")), dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("nope.dat", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonIntegerIdInTheNamesFileIsNamed()
    {
        using var dir = new TempDirectory();
        var options = LastFmOptions(Write(dir, "a.dat", LastFm), Write(dir, "names.dat", "id\tname\n51\tA\nx7\tB\n"));

        var error = Assert.Throws<EncoreException>(() => Importer.Import(options, dir.Combine("out"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("names.dat', line 3: column 'id' has 'x7'", error.Message, StringComparison.Ordinal);
    }
}
