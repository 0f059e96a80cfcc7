using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data.Generation;

/// <summary>The real files' known problems (docs/seed.md §1) must be present, so that prepare has work to do.</summary>
public sealed class DataGeneratorDirtTests(GeneratedDataset data) : IClassFixture<GeneratedDataset>
{
    [Fact]
    public void SomeTracksHaveEmptyArtistOrGenreLists()
    {
        using var db = new DuckDbSession();
        Assert.True(db.Scalar<long>($"SELECT count(*) FROM read_parquet({data.Tracks}) WHERE len(artists) = 0") > 0);
        Assert.True(db.Scalar<long>($"SELECT count(*) FROM read_parquet({data.Tracks}) WHERE len(genres) = 0") > 0);
    }

    [Fact]
    public void SomeGenreIdsHaveNoNameInTheCatalog()
    {
        using var db = new DuckDbSession();
        var unnamed = db.Scalar<long>(
            $"SELECT count(DISTINCT g) FROM (SELECT unnest(genres) g FROM read_parquet({data.Tracks})) " +
            $"WHERE g NOT IN (SELECT id FROM read_parquet({data.CatalogNames}) WHERE type = 'genre')");
        Assert.InRange(unnamed, 5, 30);
    }

    [Fact]
    public void CatalogIdsCollideAcrossTypes()
    {
        using var db = new DuckDbSession();
        Assert.True(db.Scalar<long>(
            $"SELECT count(*) - count(DISTINCT id) FROM read_parquet({data.CatalogNames})") > 0);
    }

    [Fact]
    public void AFewListensAreOfTracksMissingFromTracksFile()
    {
        using var db = new DuckDbSession();
        var orphans = db.Scalar<long>(
            $"SELECT count(*) FROM read_parquet({data.Interactions}) i " +
            $"ANTI JOIN read_parquet({data.Tracks}) t ON t.track_id = i.track_id");
        Assert.Equal(data.Summary.OrphanInteractions, orphans);
        Assert.InRange(orphans / (double)data.Summary.Interactions, 0.0001, 0.01);
    }

    [Fact]
    public void UserIdsAreNotDense()
    {
        using var db = new DuckDbSession();
        var max = db.Scalar<long>($"SELECT max(user_id) FROM read_parquet({data.Interactions})");
        Assert.Equal(data.Summary.MaxUserId, max);
        Assert.True(max > data.Summary.Users - 1);
    }

    [Fact]
    public void SomeTracksHaveTwoAlbumsOrTwoArtists()
    {
        using var db = new DuckDbSession();
        Assert.True(db.Scalar<long>($"SELECT count(*) FROM read_parquet({data.Tracks}) WHERE len(albums) = 2") > 0);
        Assert.True(db.Scalar<long>($"SELECT count(*) FROM read_parquet({data.Tracks}) WHERE len(artists) = 2") > 0);
    }
}
