using Encore.Core.Data;

namespace Encore.Core.Tests.Data.Prepare;

public sealed class PrepareEventsTests(PreparedFixture fixture) : IClassFixture<PreparedFixture>
{
    private readonly PreparedFiles _files = fixture.Files;

    private static EventRow E(int user, int item, int month, int day) => new(user, item, new DateTime(2022, month, day));

    [Fact]
    public void ListensOfRemovedAndAbsentTracksAreDroppedAndCountedSeparately()
    {
        Assert.Equal(15, _files.Step(PrepareSteps.RawListens));
        Assert.Equal(3, _files.Drop(PrepareDrops.ListensOfRemovedTracks));
        Assert.Equal(1, _files.Drop(PrepareDrops.ListensOfAbsentTracks));
        Assert.Equal(11, _files.Step(PrepareSteps.ListensOfKeptTracks));
    }

    [Fact]
    public void StepThreeKeepsTrackSeqOneFourSevenTenSortedByUserTimeThenTrackSeq()
    {
        Assert.Equal(
            [
                E(3, 1, 11, 30), E(3, 40, 12, 2), E(3, 10, 12, 2),
                E(5, 10, 12, 1), E(5, 1, 12, 5), E(5, 10, 12, 17),
                E(7, 30, 12, 16), E(7, 40, 12, 20),
            ],
            _files.Events());
        Assert.Equal(8, _files.Step(PrepareSteps.ListensAfterSubsample));
        Assert.Equal(3, _files.Drop(PrepareDrops.ListensSubsampledOut));
    }

    [Fact]
    public void SplitCountsTrainTestAndColdUsersAtTheSplitDate()
    {
        // The split date belongs to test: user 7's listen on 2022-12-16 makes it a cold test user.
        Assert.Equal(new SplitSummary(new DateOnly(2022, 12, 16), 5, 3, 2, 2, 1), _files.Summary.Split);
        Assert.Equal(3, _files.Summary.SubsampleStep);
    }

    [Fact]
    public void SplitJsonHoldsTheCountsInAFixedKeyOrder()
    {
        var expected = """
            {
              "split_date": "2022-12-16",
              "subsample_step": 3,
              "train": {
                "events": 5,
                "users": 2
              },
              "test": {
                "events": 3,
                "users": 2
              },
              "cold_users": 1,
              "warm_test_users": 1,
              "events": 8,
              "users": 3,
              "items": 5
            }

            """;
        Assert.Equal(expected, File.ReadAllText(_files.PathOf(FileNames.Split)));
    }

    [Fact]
    public void EventsHaveUserItemAndTimestampColumnsOnly()
    {
        Assert.Equal(
            ["user_id INTEGER", "item_id INTEGER", "started_at TIMESTAMP"],
            _files.Schema(FileNames.Events));
    }

    [Fact]
    public void OutputFolderHoldsExactlyThePreparedFilesAndTheReport()
    {
        Assert.Equal(
            [FileNames.Events, FileNames.GenresTable, FileNames.Items, FileNames.ReportDirectory, FileNames.Split],
            Directory.EnumerateFileSystemEntries(_files.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
