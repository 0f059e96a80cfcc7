using Encore.Core.Data.Generation;

namespace Encore.Core.Tests.Data.Generation;

/// <summary>The catalog has the real one's shape (docs/seed.md §1), within loose bounds.</summary>
public sealed class CatalogBuilderTests
{
    private static readonly Catalog s_catalog = CatalogBuilder.Build(50_000, seed: 3);

    [Fact]
    public void GenreListHas166DistinctNamesWithKnownUmbrellas()
    {
        Assert.Equal(GenreNames.Count, GenreNames.Names.Count);
        Assert.Equal(GenreNames.Count, GenreNames.Names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("pop", GenreNames.Names[0]);
        Assert.All(GenreNames.Parents, p => Assert.InRange(p, -1, GenreNames.Count - 1));
        Assert.Equal("allrock", GenreNames.Names[GenreNames.Parents[GenreNames.Names.ToList().IndexOf("metal")]]);
    }

    [Fact]
    public void CountsFollowTheRealRatios()
    {
        var published = s_catalog.PublishedTrackCount;
        Assert.Equal(50_000, published);
        Assert.InRange(s_catalog.TrackCount - published, 100, 200);
        Assert.InRange(s_catalog.ArtistCount, published / 7.5, published / 5.5);
        Assert.InRange(s_catalog.AlbumCount, 0.56 * published, 0.76 * published);
        Assert.Equal(196, s_catalog.GenreCount);
    }

    [Fact]
    public void GenresPerTrackAreMostlyOneOrTwo()
    {
        var counts = new int[4];
        foreach (var k in s_catalog.TrackGenreCount)
        {
            counts[k]++;
        }

        var total = (double)s_catalog.TrackCount;
        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[1] / total, 0.33, 0.43);
        Assert.InRange(counts[2] / total, 0.54, 0.64);
        Assert.InRange(counts[3] / total, 0.01, 0.05);
    }

    [Fact]
    public void TrackIdsAndReleaseDaysIncreaseTogetherWithThirtyPercentReleasedIn2022()
    {
        var ids = s_catalog.TrackIds;
        var days = s_catalog.TrackReleaseDays;
        var in2022 = 0;
        for (var t = 1; t < ids.Length; t++)
        {
            Assert.True(ids[t] > ids[t - 1]);
            Assert.True(days[t] >= days[t - 1]);
        }

        foreach (var d in days)
        {
            in2022 += d >= 0 ? 1 : 0;
            Assert.InRange(d, Catalog.BeforeYear, (short)364);
        }

        Assert.InRange(in2022 / (double)days.Length, 0.28, 0.32);
        Assert.InRange(ids[^1], 80 * ids.Length, 120 * ids.Length);
    }

    [Fact]
    public void AlbumTracksShareTheAlbumsReleaseDayAndArtist()
    {
        for (var album = 0; album < s_catalog.AlbumCount; album++)
        {
            var tracks = s_catalog.TracksOfAlbum(album);
            Assert.False(tracks.IsEmpty);
            foreach (var t in tracks)
            {
                Assert.Equal(s_catalog.AlbumReleaseDays[album], s_catalog.TrackReleaseDays[t]);
                Assert.Equal(s_catalog.TrackArtists[tracks[0]], s_catalog.TrackArtists[t]);
            }
        }
    }

    [Fact]
    public void SameSeedBuildsTheSameCatalog()
    {
        var again = CatalogBuilder.Build(50_000, seed: 3, TestContext.Current.CancellationToken);
        Assert.Equal(s_catalog.TrackIds, again.TrackIds);
        Assert.Equal(s_catalog.TrackWeights, again.TrackWeights);
        Assert.Equal(s_catalog.ArtistGenres, again.ArtistGenres);
    }
}
