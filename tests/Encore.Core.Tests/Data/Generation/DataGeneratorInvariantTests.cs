using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data.Generation;

public sealed class DataGeneratorInvariantTests(GeneratedDataset data) : IClassFixture<GeneratedDataset>
{
    [Fact]
    public void TrackSeqRunsFromOneToTheUsersListenCountWithoutGaps()
    {
        using var db = new DuckDbSession();
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) FROM (SELECT user_id, min(track_seq) lo, max(track_seq) hi, count(*) n, " +
            $"count(DISTINCT track_seq) d FROM read_parquet({data.Interactions}) GROUP BY user_id) " +
            "WHERE lo <> 1 OR hi <> n OR d <> n"));
    }

    [Fact]
    public void RowsAreOrderedByUserThenTrackSeqWithNonDecreasingDates()
    {
        using var db = new DuckDbSession();
        Assert.Equal(0, db.Scalar<long>(
            "SELECT count(*) FROM (SELECT user_id, track_seq, started_at, " +
            "lag(user_id) OVER w pu, lag(track_seq) OVER w ps, lag(started_at) OVER w pd " +
            $"FROM read_parquet({data.Interactions}, file_row_number = true) WINDOW w AS (ORDER BY file_row_number)) " +
            "WHERE pu IS NOT NULL AND (user_id < pu OR (user_id = pu AND (track_seq <> ps + 1 OR started_at < pd)))"));
    }

    [Fact]
    public void EveryListenIsAMidnightIn2022()
    {
        using var db = new DuckDbSession();
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) FROM read_parquet({data.Interactions}) WHERE started_at < TIMESTAMP '2022-01-01' " +
            "OR started_at >= TIMESTAMP '2023-01-01' OR started_at <> date_trunc('day', started_at)"));
    }

    [Fact]
    public void EachUserHearsATrackAtMostOnce()
    {
        using var db = new DuckDbSession();
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) - count(DISTINCT (user_id, track_id)) FROM read_parquet({data.Interactions})"));
    }

    [Fact]
    public void TrackIdsAreUniqueIncreasingAndFitInt32()
    {
        using var db = new DuckDbSession();
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) FROM (SELECT track_id, lag(track_id) OVER (ORDER BY file_row_number) p " +
            $"FROM read_parquet({data.Tracks}, file_row_number = true)) WHERE track_id <= p"));
        Assert.True(db.Scalar<long>($"SELECT max(track_id) FROM read_parquet({data.Tracks})") < int.MaxValue);
    }

    [Fact]
    public void CatalogIdsAreUniqueWithinEachType()
    {
        using var db = new DuckDbSession();
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) - count(DISTINCT (type, id)) FROM read_parquet({data.CatalogNames})"));
    }

    [Fact]
    public void MonthlyListensGrowTowardsNovemberAndDipInDecember()
    {
        using var db = new DuckDbSession();
        var months = db.Query(
            $"SELECT month(started_at), count(*) FROM read_parquet({data.Interactions}) GROUP BY 1 ORDER BY 1",
            r => r.GetInt64(1));
        Assert.Equal(12, months.Count);
        Assert.True(months[10] > months[0], "November should be busier than January.");
        Assert.True(months[11] < months[10], "December should dip below November.");
    }

    [Fact]
    public void MeanListensPerUserIsCloseToTheOption()
    {
        var mean = data.Summary.Interactions / (double)data.Summary.Users;
        Assert.InRange(mean, 0.85 * GeneratedDataset.Options.EventsPerUser, 1.15 * GeneratedDataset.Options.EventsPerUser);
    }
}
