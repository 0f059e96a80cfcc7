using System.Net;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Apis;

/// <summary>The seed's API (docs/seed.md §6) on <see cref="TinyArtifacts"/>: paths, shapes, defaults and the fixed bugs.</summary>
public sealed class SeedApiTests : TinyServiceTests
{
    [Fact]
    public async Task RootSaysTheRecommendationsServiceIsWorking()
    {
        var json = await Client.GetJsonAsync("/");
        Assert.Equal("Recommendations service is working", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task OfflineServesThePersonalListAndHonoursK()
    {
        Assert.Equal(TinyArtifacts.User1, (await Client.PostAsync("/recommendations_offline?user_id=1")).Ids("recs").Select(i => (int)i));
        Assert.Equal(new long[] { 20L, 21 }, (await Client.PostAsync("/recommendations_offline?user_id=2&k=2")).Ids("recs"));
    }

    [Fact]
    public async Task OfflineFallsBackToTopPopularForAUserWithoutPersonalRecs()
    {
        Assert.Equal(new long[] { 100L, 101, 102 }, (await Client.PostAsync("/recommendations_offline?user_id=999&k=3")).Ids("recs"));
    }

    [Fact]
    public async Task DefaultIsTheTopPopularChart()
    {
        Assert.Equal(TinyArtifacts.Popular, (await Client.PostAsync("/recommendations_default")).Ids("recs").Select(i => (int)i));
        Assert.Equal(new long[] { 100L, 101 }, (await Client.PostAsync("/recommendations_default?k=2")).Ids("recs"));
    }

    [Fact]
    public async Task OnlineIsEmptyWithoutEvents()
    {
        Assert.Empty((await Client.PostAsync("/recommendations_online?user_id=1&k=10")).Ids("recs"));
    }

    [Fact]
    public async Task OnlineMergesTheSimilarTracksOfTheNewestEventsByMaxScoreWithoutTheEvents()
    {
        await Client.PostAsync("/put?user_id=7&item_id=50");
        await Client.PostAsync("/put?user_id=7&item_id=51");

        // 51 → 62 .95, 60 .5, 63 .4; 50 → 60 .9, 61 .8, 10 .7: 60 keeps its best score, .9.
        Assert.Equal(new long[] { 62L, 60, 61, 10, 63 }, (await Client.PostAsync("/recommendations_online?user_id=7&k=10")).Ids("recs"));
        Assert.Equal(new long[] { 62L, 60 }, (await Client.PostAsync("/recommendations_online?user_id=7&k=2")).Ids("recs"));
    }

    /// <summary>The seed's three required cases (docs/seed.md §7), with the exact blend order.</summary>
    [Theory]
    [InlineData("user without personal recommendations", 999, new int[0], new[] { 100, 101, 102, 103, 104, 105 })]
    [InlineData("user with personal recommendations, no online history", 1, new int[0], new[] { 10, 11, 12, 13, 14 })]
    // Offline 10, 11, 12, 13, 14 at even positions, online 62, 60, 61, (10 already chosen), 63 at odd ones, then the rest.
    [InlineData("user with personal recommendations and online history", 1, new[] { 50, 51 }, new[] { 10, 62, 11, 60, 12, 61, 13, 63, 14 })]
    public async Task BlendedInterleavesOfflineAtEvenAndOnlineAtOddPositions(string @case, int user, int[] listens, int[] expected)
    {
        foreach (var item in listens)
        {
            await Client.PostAsync($"/put?user_id={user}&item_id={item}");
        }

        var recs = (await Client.PostAsync($"/recommendations?user_id={user}&k=10")).Ids("recs");
        Assert.True(expected.Select(i => (long)i).SequenceEqual(recs), $"{@case}: got [{string.Join(", ", recs)}]");
    }

    [Fact]
    public async Task HeardTracksAreLeftOutOfOfflineRecommendations()
    {
        await Client.PostAsync("/put?user_id=2&item_id=21");
        await Client.PostAsync("/put?user_id=999&item_id=100");

        Assert.Equal(new long[] { 20L, 22, 23 }, (await Client.PostAsync("/recommendations_offline?user_id=2")).Ids("recs"));
        Assert.Equal(new long[] { 101L, 102 }, (await Client.PostAsync("/recommendations_offline?user_id=999&k=2")).Ids("recs"));
    }

    [Fact]
    public async Task SimilarItemsHonoursKAndAnswersEmptyListsForAnUnknownTrack()
    {
        var similar = await Client.PostAsync("/similar_items?item_id=50&k=2");
        Assert.Equal([60L, 61], similar.Ids("item_id_2"));
        Assert.Equal([0.9, 0.8], similar.GetProperty("score").EnumerateArray().Select(e => e.GetDouble()));

        var unknown = await Client.PostAsync("/similar_items?item_id=12345");
        Assert.Empty(unknown.Ids("item_id_2"));
        Assert.Empty(unknown.Ids("score"));
    }

    [Fact]
    public async Task PutAndGetKeepExactlyTheNewestTenNewestFirst()
    {
        for (var item = 1; item <= 12; item++)
        {
            Assert.Equal("ok", (await Client.PostAsync($"/put?user_id=5&item_id={item}")).GetProperty("result").GetString());
        }

        Assert.Equal(new long[] { 12L, 11, 10, 9, 8, 7, 6, 5, 4, 3 }, (await Client.PostAsync("/get?user_id=5")).Ids("events"));
        Assert.Equal(new long[] { 12L, 11, 10 }, (await Client.PostAsync("/get?user_id=5&k=3")).Ids("events"));
        Assert.Empty((await Client.PostAsync("/get?user_id=6")).Ids("events"));
    }

    [Theory]
    [InlineData("/recommendations_offline", "user_id")]
    [InlineData("/recommendations_offline?user_id=x", "user_id")]
    [InlineData("/recommendations_offline?user_id=1&k=0", "k")]
    [InlineData("/recommendations_offline?user_id=1&k=-5", "k")]
    [InlineData("/recommendations_offline?user_id=1&k=101", "k")]
    [InlineData("/recommendations_default?k=abc", "k")]
    [InlineData("/recommendations_online?user_id=1&k=1000", "k")]
    [InlineData("/recommendations?k=10", "user_id")]
    [InlineData("/similar_items?k=3", "item_id")]
    [InlineData("/similar_items?item_id=50&k=0", "k")]
    [InlineData("/put?user_id=1", "item_id")]
    [InlineData("/put?item_id=1", "user_id")]
    [InlineData("/get?user_id=1&k=0", "k")]
    public async Task BadParametersAreRejectedWithProblemJsonNamingTheParameter(string url, string parameter)
    {
        await Client.AssertInvalidParameterAsync(HttpMethod.Post, url, parameter);
    }

    [Fact]
    public async Task EveryCallButTheRootIsAPost()
    {
        using var response = await Client.GetAsync("/recommendations_offline?user_id=1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
