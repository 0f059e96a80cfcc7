using Encore.Core.Data;

namespace Encore.Core.Tests.Data;

public sealed class DataProfilerTests
{
    [Fact]
    public void CountsUsersItemsEventsAndNeverPlayedItems()
    {
        var profile = ComputeFixture();

        Assert.Equal(4, profile.Users);
        Assert.Equal(5, profile.Items);
        Assert.Equal(4, profile.PlayedItems);
        Assert.Equal(1, profile.NeverPlayedItems);
        Assert.Equal(9, profile.Events);
        Assert.Equal(5, profile.Genres);
    }

    [Fact]
    public void PlaysPerTrackQuantilesInterpolateLinearlyOverPlayedTracks()
    {
        // Plays sorted: 1, 1, 3, 4 (item 50 is never played and not counted).
        var profile = ComputeFixture();
        var plays = profile.PlaysPerTrack;

        Assert.Equal([new CountFrequency(1, 2), new CountFrequency(3, 1), new CountFrequency(4, 1)], profile.PlaysPerTrackFrequencies);
        Assert.Equal(4, plays.Count);
        Assert.Equal(1, plays.Min);
        Assert.Equal(1, plays.P25);
        Assert.Equal(2, plays.Median);
        Assert.Equal(3.25, plays.P75, 12);
        Assert.Equal(3.7, plays.P90, 12);
        Assert.Equal(3.97, plays.P99, 12);
        Assert.Equal(4, plays.Max);
        Assert.Equal(2.25, plays.Mean, 12);
        Assert.Equal(1.5, plays.Std, 12);
    }

    [Fact]
    public void ListensPerUserQuantilesCoverEveryUser()
    {
        // Listens sorted: 1, 2, 3, 3.
        var listens = ComputeFixture().ListensPerUser;

        Assert.Equal(4, listens.Count);
        Assert.Equal(1.75, listens.P25, 12);
        Assert.Equal(2.5, listens.Median, 12);
        Assert.Equal(3, listens.P75, 12);
        Assert.Equal(3, listens.Max);
        Assert.Equal(2.25, listens.Mean, 12);
        Assert.Equal(Math.Sqrt(2.75 / 3), listens.Std, 12);
    }

    [Fact]
    public void MonthsRunFromFirstToLastEventWithEmptyMonthsAsZeros()
    {
        var months = ComputeFixture().Months;

        Assert.Equal(
            [
                new MonthlyActivity(new DateOnly(2022, 1, 1), 3, 2),
                new MonthlyActivity(new DateOnly(2022, 2, 1), 0, 0),
                new MonthlyActivity(new DateOnly(2022, 3, 1), 6, 4),
            ],
            months);
    }

    [Theory]
    [InlineData("2021-11-20", "2022-02-01")] // across a year boundary, counted with per-user month bits
    [InlineData("2015-01-01", "2022-03-02")] // 87 months: too many for the bits, counted with DISTINCT
    public void MonthlyUniqueUsersAreExactOverAnySpan(string first, string last)
    {
        using var dir = new TempDirectory();
        ProfileFixture.Write(dir.Path, events: $"""
            (1::INTEGER, 10::INTEGER, TIMESTAMP '{first}'),
            (1, 20, TIMESTAMP '{first}'),
            (1, 30, TIMESTAMP '{last}'),
            (2, 30, TIMESTAMP '{last}'),
            (2, 40, TIMESTAMP '{last}')
            """);

        var months = DataProfiler.Compute(dir.Path, TestContext.Current.CancellationToken).Months;

        var firstMonth = DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        var lastMonth = DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
        var expectedCount = ((lastMonth.Year - firstMonth.Year) * 12) + lastMonth.Month - firstMonth.Month + 1;
        Assert.Equal(expectedCount, months.Count);
        Assert.Equal(new MonthlyActivity(new DateOnly(firstMonth.Year, firstMonth.Month, 1), 2, 1), months[0]);
        Assert.Equal(new MonthlyActivity(new DateOnly(lastMonth.Year, lastMonth.Month, 1), 3, 2), months[^1]);
        Assert.All(months.Skip(1).SkipLast(1), month => Assert.Equal((0L, 0L), (month.Listens, month.Users)));
    }

    [Fact]
    public void TopTracksAreOrderedByPlaysWithTiesBrokenByItemId()
    {
        var top = ComputeFixture().TopTracks;

        Assert.Equal([20, 10, 30, 40], top.Select(track => track.ItemId));
        Assert.Equal([1, 2, 3, 4], top.Select(track => track.Rank));
        Assert.Equal([4L, 3, 1, 1], top.Select(track => track.Plays));
        Assert.Equal([3L, 3, 1, 1], top.Select(track => track.Listeners));
        Assert.Equal("Beta", top[0].Name);
        Assert.Equal(["Bob", "Cid"], top[0].Artists);
    }

    [Fact]
    public void GenresAreRankedByPlaysOfTheirTracksAndByItemsWithTiesBrokenByGenreId()
    {
        var profile = ComputeFixture();

        Assert.Equal(
            [new TopGenre(1, 1, "pop", 7, 3), new TopGenre(2, 2, "rock", 5, 2), new TopGenre(3, 3, "jazz", 1, 1),
             new TopGenre(4, 5, "blues", 1, 1), new TopGenre(5, 4, "folk", 0, 0)],
            profile.TopGenresByPlays);
        Assert.Equal(["pop", "rock", "jazz", "blues", "folk"], profile.TopGenresByItems.Select(genre => genre.Name));
    }

    [Fact]
    public void EmptyEventsGiveZerosAndEmptyLists()
    {
        using var dir = new TempDirectory();
        ProfileFixture.Write(dir.Path, events: ProfileFixture.NoEvents);

        var profile = DataProfiler.Compute(dir.Path, TestContext.Current.CancellationToken);

        Assert.Equal((0L, 0L, 0L, 5L), (profile.Users, profile.Events, profile.PlayedItems, profile.NeverPlayedItems));
        Assert.Equal(CountDistribution.Empty, profile.PlaysPerTrack);
        Assert.Equal(CountDistribution.Empty, profile.ListensPerUser);
        Assert.Empty(profile.Months);
        Assert.Empty(profile.TopTracks);
        Assert.Empty(profile.PlaysPerTrackFrequencies);
        Assert.All(profile.TopGenresByPlays, genre => Assert.Equal(0, genre.Plays));
    }

    [Theory]
    [InlineData("items.parquet")]
    [InlineData("events.parquet")]
    [InlineData("genres.parquet")]
    public void MissingFileIsAnErrorNamingTheFile(string file)
    {
        using var dir = new TempDirectory();
        ProfileFixture.Write(dir.Path);
        File.Delete(dir.Combine(file));

        var error = Assert.Throws<EncoreException>(() => DataProfiler.Compute(dir.Path, TestContext.Current.CancellationToken));

        Assert.Contains(dir.Combine(file), error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingColumnIsAnErrorNamingFileAndColumn()
    {
        using var dir = new TempDirectory();
        ProfileFixture.Write(dir.Path);
        ProfileFixture.WriteSelect(dir.Combine(FileNames.Events), "SELECT 1::INTEGER AS user_id, TIMESTAMP '2022-01-01' AS started_at");

        var error = Assert.Throws<EncoreException>(() => DataProfiler.Compute(dir.Path, TestContext.Current.CancellationToken));

        Assert.Contains(FileNames.Events, error.Message, StringComparison.Ordinal);
        Assert.Contains("'item_id' not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MistypedColumnIsAnErrorNamingColumnAndTypes()
    {
        using var dir = new TempDirectory();
        ProfileFixture.Write(dir.Path);
        ProfileFixture.WriteSelect(dir.Combine(FileNames.Events),
            "SELECT 1::INTEGER AS user_id, 10::INTEGER AS item_id, '2022-01-01' AS started_at");

        var error = Assert.Throws<EncoreException>(() => DataProfiler.Compute(dir.Path, TestContext.Current.CancellationToken));

        Assert.Contains(FileNames.Events, error.Message, StringComparison.Ordinal);
        Assert.Contains("'started_at' has type VARCHAR, expected TIMESTAMP or DATE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotParquetIsAnErrorNamingTheFile()
    {
        using var dir = new TempDirectory();
        ProfileFixture.Write(dir.Path);
        File.WriteAllText(dir.Combine(FileNames.GenresTable), "genre_id,name\n1,pop\n");

        var error = Assert.Throws<EncoreException>(() => DataProfiler.Compute(dir.Path, TestContext.Current.CancellationToken));

        Assert.Contains(dir.Combine(FileNames.GenresTable), error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read as Parquet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CancelledTokenStopsTheProfile()
    {
        using var dir = new TempDirectory();
        ProfileFixture.Write(dir.Path);

        Assert.Throws<OperationCanceledException>(() => DataProfiler.Compute(dir.Path, new CancellationToken(canceled: true)));
    }

    private static DataProfile ComputeFixture()
    {
        using var dir = new TempDirectory();
        ProfileFixture.Write(dir.Path);
        return DataProfiler.Compute(dir.Path, TestContext.Current.CancellationToken);
    }
}
