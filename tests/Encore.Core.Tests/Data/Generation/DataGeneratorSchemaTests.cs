using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data.Generation;

public sealed class DataGeneratorSchemaTests(GeneratedDataset data) : IClassFixture<GeneratedDataset>
{
    [Fact]
    public void TracksFileHasThePublishedSchema()
    {
        Assert.Equal(
            [("track_id", "BIGINT"), ("albums", "BIGINT[]"), ("artists", "BIGINT[]"), ("genres", "BIGINT[]")],
            Describe(data.Tracks));
    }

    [Fact]
    public void CatalogNamesFileHasThePublishedSchema()
    {
        Assert.Equal([("id", "BIGINT"), ("type", "VARCHAR"), ("name", "VARCHAR")], Describe(data.CatalogNames));
    }

    [Fact]
    public void InteractionsFileHasThePublishedSchema()
    {
        Assert.Equal(
            [("user_id", "INTEGER"), ("track_id", "INTEGER"), ("track_seq", "SMALLINT"), ("started_at", "TIMESTAMP")],
            Describe(data.Interactions));
    }

    [Fact]
    public void SummaryCountsMatchTheFiles()
    {
        using var db = new DuckDbSession();
        Assert.Equal(data.Summary.Tracks, db.Scalar<long>($"SELECT count(*) FROM read_parquet({data.Tracks})"));
        Assert.Equal(data.Summary.CatalogNames, db.Scalar<long>($"SELECT count(*) FROM read_parquet({data.CatalogNames})"));
        Assert.Equal(data.Summary.Interactions, db.Scalar<long>($"SELECT count(*) FROM read_parquet({data.Interactions})"));
        Assert.Equal(GeneratedDataset.Options.Tracks, data.Summary.Tracks);
        Assert.Equal(
            GeneratedDataset.Options.Users,
            db.Scalar<long>($"SELECT count(DISTINCT user_id) FROM read_parquet({data.Interactions})"));
    }

    [Fact]
    public void CatalogTypesAreTheFourKnownOnes()
    {
        using var db = new DuckDbSession();
        var types = db.Query($"SELECT DISTINCT type FROM read_parquet({data.CatalogNames}) ORDER BY 1", r => r.GetString(0));
        Assert.Equal([CatalogTypes.Album, CatalogTypes.Artist, CatalogTypes.Genre, CatalogTypes.Track], types);
    }

    [Fact]
    public void EveryTrackAlbumAndArtistIsNamed()
    {
        using var db = new DuckDbSession();
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) FROM read_parquet({data.Tracks}) t ANTI JOIN " +
            $"(SELECT id FROM read_parquet({data.CatalogNames}) WHERE type = 'track') c ON c.id = t.track_id"));
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) FROM (SELECT unnest(albums) id FROM read_parquet({data.Tracks})) a ANTI JOIN " +
            $"(SELECT id FROM read_parquet({data.CatalogNames}) WHERE type = 'album') c USING (id)"));
        Assert.Equal(0, db.Scalar<long>(
            $"SELECT count(*) FROM (SELECT unnest(artists) id FROM read_parquet({data.Tracks})) a ANTI JOIN " +
            $"(SELECT id FROM read_parquet({data.CatalogNames}) WHERE type = 'artist') c USING (id)"));
    }

    [Fact]
    public void TimestampFiltersSeeTheSameRowsAsStringComparisons()
    {
        // Regression: Parquet.Net 6.1.0 wrote microsecond timestamp statistics in milliseconds, so DuckDB
        // pruned every row group from "started_at >= '2022-12-16'" and returned no test events at all.
        using var db = new DuckDbSession();
        var pushedDown = db.Scalar<long>(
            $"SELECT count(*) FROM read_parquet({data.Interactions}) WHERE started_at >= TIMESTAMP '2022-12-16'");
        var scanned = db.Scalar<long>(
            $"SELECT count(*) FROM read_parquet({data.Interactions}) WHERE strftime(started_at, '%Y-%m-%d') >= '2022-12-16'");
        Assert.True(scanned > 0);
        Assert.Equal(scanned, pushedDown);
    }

    private static List<(string, string)> Describe(string file)
    {
        using var db = new DuckDbSession();
        return db.Query($"DESCRIBE SELECT * FROM read_parquet({file})", r => (r.GetString(0), r.GetString(1)));
    }
}
