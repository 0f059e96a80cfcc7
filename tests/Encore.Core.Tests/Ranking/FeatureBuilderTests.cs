using Encore.Core.Ranking;
using Encore.Core.Ranking.Candidates;

namespace Encore.Core.Tests.Ranking;

/// <summary>Every feature of <see cref="FeatureBuilder"/> against values computed by hand on <see cref="RankingFixtures"/>.</summary>
public sealed class FeatureBuilderTests
{
    private const float Tolerance = 1e-6f;

    private static (FeatureTable Table, Func<int, string, float> Value) Build(int user, params Candidate[] candidates)
    {
        var history = RankingFixtures.History();
        var tags = RankingFixtures.Tags();
        var builder = new FeatureBuilder(history, ItemStats.From(history, windowDays: 7), tags.Artists, tags.Albums, tags.Genres, recentListens: 2, CandidateSources.Default);
        var table = new FeatureTable(RankerFeatures.All);
        foreach (var _ in candidates)
        {
            table.AddRow(user);
        }

        builder.Fill(user, candidates, table, 0, builder.CreateScratch());
        return (table, (row, name) => table.Row(row)[table.IndexOf(name)]);
    }

    private static Candidate Proposed(int item, float alsRank = float.NaN, float alsScore = float.NaN, float popularRank = float.NaN)
    {
        var candidate = Candidate.Proposed(0, item, 0, 0f);
        candidate.Ranks[0] = alsRank;
        candidate.Scores[0] = alsScore;
        candidate.Ranks[2] = popularRank;
        return candidate;
    }

    [Fact]
    public void UserAndUserTrackFeaturesMatchTheHandComputedValues()
    {
        // User 100 (row 0), candidates track 13 (row 0) and track 11 (row 1).
        var (_, value) = Build(0, Proposed(3, alsRank: 1, alsScore: 0.5f, popularRank: 2), Proposed(1));

        Assert.Equal(0.5f, value(0, "als_score"));
        Assert.Equal(1f, value(0, "als_rank"));
        Assert.Equal(2f, value(0, "popular_rank"));
        Assert.True(float.IsNaN(value(0, "similar_rank")));
        Assert.Equal(2f, value(0, RankerFeatures.Sources));
        Assert.Equal(0f, value(1, RankerFeatures.Sources));

        Assert.Equal(3f, value(0, RankerFeatures.UserListens));
        Assert.Equal(2f, value(0, RankerFeatures.UserActiveDays));
        Assert.Equal(8f, value(0, RankerFeatures.UserDaysSinceLastListen));

        // Genre profile: g0 = (1 + ½) / 3 = ½, g1 = (½ + 1) / 3 = ½, g2 = 0. Track 13 is g2, track 11 is g0 + g1.
        Assert.Equal(0f, value(0, RankerFeatures.GenreMatch));
        Assert.Equal(0.5f, value(1, RankerFeatures.GenreMatch), Tolerance);

        // Track 13 is by a1 (1 of 3 listens, day 12, among the last two) and a2 (never heard); album b2 likewise.
        Assert.Equal(1f / 3, value(0, RankerFeatures.ArtistShare), Tolerance);
        Assert.Equal(1f, value(0, RankerFeatures.ArtistInRecent));
        Assert.Equal(8f, value(0, RankerFeatures.DaysSinceArtist));
        Assert.Equal(1f / 3, value(0, RankerFeatures.AlbumShare), Tolerance);
        Assert.Equal(1f, value(0, RankerFeatures.AlbumInRecent));

        // Track 11 is by a0 (2 of 3 listens; the last on day 12, second-to-last listen) on album b1 (1 listen).
        Assert.Equal(2f / 3, value(1, RankerFeatures.ArtistShare), Tolerance);
        Assert.Equal(1f, value(1, RankerFeatures.ArtistInRecent));
        Assert.Equal(1f / 3, value(1, RankerFeatures.AlbumShare), Tolerance);
    }

    [Fact]
    public void TopGenreSharesFollowTheCatalogueGenreOrder()
    {
        var (_, value) = Build(0, Proposed(3));

        // g0 and g1 are on two tracks each, g2 on one: g0, g1, g2 in that order; the profile has ½, ½, 0 and nothing else.
        Assert.Equal(0.5f, value(0, RankerFeatures.GenreShare(0)), Tolerance);
        Assert.Equal(0.5f, value(0, RankerFeatures.GenreShare(1)), Tolerance);
        Assert.Equal(0f, value(0, RankerFeatures.GenreShare(2)));
        Assert.True(float.IsNaN(value(0, RankerFeatures.GenreShare(3))), "a catalogue of three genres has no fourth");
        Assert.Equal(0f, value(0, RankerFeatures.GenreOthers));
    }

    [Fact]
    public void TrackPopularityCountsPlaysListenersWindowsAndAge()
    {
        // Track 10: days 10 (user 100), 5 and 15 (user 300). Window 7: recent = [13, 20), previous = [6, 13).
        var (_, value) = Build(0, Proposed(0), Proposed(3));

        Assert.Equal(3f, value(0, RankerFeatures.ItemPlays));
        Assert.Equal(2f, value(0, RankerFeatures.ItemListeners));
        Assert.Equal(1f, value(0, RankerFeatures.ItemRecentPlays));
        Assert.Equal((1f + 1) / (1 + 1), value(0, RankerFeatures.ItemTrend));
        Assert.Equal(15f, value(0, RankerFeatures.ItemDaysSinceFirstPlay));

        Assert.Equal(0f, value(1, RankerFeatures.ItemPlays));
        Assert.Equal(1f, value(1, RankerFeatures.ItemTrend));
        Assert.True(float.IsNaN(value(1, RankerFeatures.ItemDaysSinceFirstPlay)));
    }

    [Fact]
    public void AUserWithNoListensHasZeroActivityAndMissingProfileFeatures()
    {
        var (_, value) = Build(1, Proposed(0, alsRank: 5, alsScore: 0.1f));

        Assert.Equal(0f, value(0, RankerFeatures.UserListens));
        Assert.Equal(0f, value(0, RankerFeatures.UserActiveDays));
        Assert.Equal(5f, value(0, "als_rank"));
        Assert.Equal(3f, value(0, RankerFeatures.ItemPlays));
        foreach (var name in new[]
                 {
                     RankerFeatures.UserDaysSinceLastListen, RankerFeatures.GenreMatch, RankerFeatures.ArtistShare, RankerFeatures.ArtistInRecent,
                     RankerFeatures.DaysSinceArtist, RankerFeatures.AlbumShare, RankerFeatures.GenreShare(0), RankerFeatures.GenreOthers,
                 })
        {
            Assert.True(float.IsNaN(value(0, name)), name);
        }
    }

    [Fact]
    public void AnArtistHeardOnlyBeforeTheRecentListensIsNotRecent()
    {
        // User 100's last two listens are tracks 11 (a0, b1) and 12 (a1, b2): track 10's artist a0 is recent, its album
        // b0 (day 10) is not.
        var (_, value) = Build(0, Proposed(0));

        Assert.Equal(1f / 3, value(0, RankerFeatures.AlbumShare), Tolerance);
        Assert.Equal(0f, value(0, RankerFeatures.AlbumInRecent));
        Assert.Equal(1f, value(0, RankerFeatures.ArtistInRecent));
        Assert.Equal(8f, value(0, RankerFeatures.DaysSinceArtist));
    }
}
