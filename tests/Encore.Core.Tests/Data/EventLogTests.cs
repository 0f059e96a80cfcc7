using Encore.Core.Data;
using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data;

public sealed class EventLogTests
{
    private static string WriteEvents(TempDirectory dir, string select)
    {
        var path = dir.Combine("events.parquet");
        using var session = new DuckDbSession();
        session.Execute($"COPY ({select}) TO {Sql.Literal(path)} (FORMAT parquet)");
        return path;
    }

    [Fact]
    public void ReadKeepsFileOrderAndCountsDaysFromTheEpoch()
    {
        using var dir = new TempDirectory();
        var path = WriteEvents(dir, """
            SELECT * FROM (VALUES (7, 100, TIMESTAMP '2022-12-15 00:00:00'), (7, 101, TIMESTAMP '2022-12-16 00:00:00'),
                                  (3, 100, TIMESTAMP '1970-01-02 00:00:00'))
            t(user_id, item_id, started_at)
            """);

        var log = EventLog.Read(path, TestContext.Current.CancellationToken);

        Assert.Equal([7, 7, 3], log.Users);
        Assert.Equal([100, 101, 100], log.Items);
        Assert.Equal([EventLog.DayOf(new DateOnly(2022, 12, 15)), EventLog.DayOf(new DateOnly(2022, 12, 16)), 1], log.Days);
        Assert.Equal(new DateOnly(2022, 12, 15), EventLog.DateOf(log.Days[0]));
    }

    [Fact]
    public void SplitAtPutsTheSplitDateItselfIntoTest()
    {
        var day = EventLog.DayOf(new DateOnly(2022, 12, 16));
        var log = new EventLog([1, 1, 2, 2], [10, 11, 10, 12], [day - 1, day, day + 3, day - 40]);

        var (train, test) = log.SplitAt(new DateOnly(2022, 12, 16));

        Assert.Equal([1, 2], train.Users);
        Assert.Equal([10, 12], train.Items);
        Assert.Equal([1, 2], test.Users);
        Assert.Equal([11, 10], test.Items);
    }

    [Fact]
    public void WindowIsHalfOpen()
    {
        var log = new EventLog([1, 1, 1], [10, 11, 12], [5, 6, 7]);
        var window = log.Window(6, 7);
        Assert.Equal([11], window.Items);
    }

    [Fact]
    public void ReadNamesTheMissingColumn()
    {
        using var dir = new TempDirectory();
        var path = WriteEvents(dir, "SELECT 1 AS user_id, DATE '2022-01-01' AS started_at");

        var e = Assert.Throws<EncoreException>(() => EventLog.Read(path, TestContext.Current.CancellationToken));

        Assert.Contains("events.parquet", e.Message, StringComparison.Ordinal);
        Assert.Contains("'item_id' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadKeepsFileOrderOverManyChunksAndRowGroups()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("events.parquet");
        using (var session = new DuckDbSession())
        {
            // 50,000 rows in small row groups, in an order no sort would give: every chunk of the stream must land in place.
            session.Execute($"""
                COPY (SELECT CAST((i * 7919) % 1000 AS INTEGER) AS user_id, CAST((i * 104729) % 5003 AS INTEGER) AS item_id,
                             TIMESTAMP '2022-01-01' + INTERVAL (i % 365) DAY AS started_at
                      FROM range(50000) t(i) ORDER BY i)
                TO {Sql.Literal(path)} (FORMAT parquet, ROW_GROUP_SIZE 3000)
                """);
        }

        var log = EventLog.Read(path, TestContext.Current.CancellationToken);

        Assert.Equal(50000, log.Count);
        var first = EventLog.DayOf(new DateOnly(2022, 1, 1));
        for (var i = 0; i < log.Count; i++)
        {
            Assert.Equal((int)(i * 7919L % 1000), log.Users[i]);
            Assert.Equal((int)(i * 104729L % 5003), log.Items[i]);
            Assert.Equal(first + (i % 365), log.Days[i]);
        }
    }

    [Fact]
    public void ReadRejectsNullsNamingTheFileAndColumns()
    {
        using var dir = new TempDirectory();
        var path = WriteEvents(dir, """
            SELECT * FROM (VALUES (1, 10, TIMESTAMP '2022-01-01 00:00:00'), (2, NULL, TIMESTAMP '2022-01-02 00:00:00'))
            t(user_id, item_id, started_at)
            """);

        var e = Assert.Throws<EncoreException>(() => EventLog.Read(path, TestContext.Current.CancellationToken));

        Assert.Contains("events.parquet", e.Message, StringComparison.Ordinal);
        Assert.Contains("NULL values in user_id, item_id or started_at", e.Message, StringComparison.Ordinal);
    }
}
