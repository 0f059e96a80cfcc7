using System.Net;
using System.Net.Http.Json;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Apis;

/// <summary>The REST API (/v1) on <see cref="TinyArtifacts"/>: users' recommendations and events, items and their similar tracks.</summary>
public sealed class RestApiTests : TinyServiceTests
{
    [Theory]
    [InlineData("offline", new[] { 10, 11, 12, 13, 14 }, "personal")]
    [InlineData("online", new[] { 62, 60, 61, 10, 63 }, "online")]
    [InlineData("blended", new[] { 10, 62, 11, 60, 12, 61, 13, 63, 14 }, "personal,online")]
    [InlineData("popular", new[] { 100, 101, 102, 103, 104, 105 }, "popular")]
    public async Task EachKindOfRecommendationsIsServedWithItsSources(string kind, int[] expected, string sources)
    {
        await AddEventAsync(1, 50);
        await AddEventAsync(1, 51);

        var json = await Client.GetJsonAsync($"/v1/users/1/recommendations?kind={kind}&k=10");

        Assert.Equal(expected.Select(i => (long)i), json.ItemIds("items"));
        Assert.Equal(sources, string.Join(",", json.GetProperty("sources").EnumerateArray().Select(s => s.GetString())));
        Assert.Equal(kind, json.GetProperty("kind").GetString());
        Assert.False(json.GetProperty("degraded").GetBoolean());
    }

    [Fact]
    public async Task TheDefaultKindIsBlendedAndTheDefaultKIsTen()
    {
        var json = await Client.GetJsonAsync("/v1/users/999/recommendations");
        Assert.Equal("blended", json.GetProperty("kind").GetString());
        Assert.Equal([100L, 101, 102, 103, 104, 105], json.ItemIds("items"));
        Assert.Equal("popular", json.GetProperty("sources")[0].GetString());
    }

    [Fact]
    public async Task DetailsAddNameArtistsAndGenresFromTheCatalogue()
    {
        var json = await Client.GetJsonAsync("/v1/users/1/recommendations?kind=offline&k=2&details=true");
        var first = json.GetProperty("items")[0];
        Assert.Equal("Ten", first.GetProperty("name").GetString());
        Assert.Equal(["Artist A"], first.GetProperty("artists").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["rock"], first.GetProperty("genres").EnumerateArray().Select(a => a.GetString()));
        // Item 11 is not in items.parquet: it is still served, without details.
        Assert.False(json.GetProperty("items")[1].TryGetProperty("name", out _));

        var plain = await Client.GetJsonAsync("/v1/users/1/recommendations?kind=offline&k=1");
        Assert.False(plain.GetProperty("items")[0].TryGetProperty("name", out _));
    }

    [Fact]
    public async Task EventsArePostedWithOptionalTimestampsAndReadNewestFirst()
    {
        var when = new DateTimeOffset(2022, 12, 20, 10, 0, 0, TimeSpan.Zero);
        using (var created = await Client.PostAsJsonAsync("/v1/users/3/events", new { item_id = 50, timestamp = when }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/v1/users/3/events", created.Headers.Location?.OriginalString);
        }

        await AddEventAsync(3, 52);
        var json = await Client.GetJsonAsync("/v1/users/3/events");
        Assert.Equal(3, json.GetProperty("user_id").GetInt64());
        Assert.Equal([52L, 50], json.ItemIds("events"));
        Assert.Equal(when, json.GetProperty("events")[1].GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(52L, Assert.Single((await Client.GetJsonAsync("/v1/users/3/events?k=1")).ItemIds("events")));
    }

    [Fact]
    public async Task AnItemHasDetailsAndSimilarTracksAndAnUnknownItemIsNotFound()
    {
        var item = await Client.GetJsonAsync("/v1/items/60");
        Assert.Equal(("Sixty", 60L), (item.GetProperty("name").GetString(), item.GetProperty("item_id").GetInt64()));
        Assert.Equal(["pop", "rock"], item.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));

        var similar = await Client.GetJsonAsync("/v1/items/50/similar?k=2&details=true");
        Assert.Equal([60L, 61], similar.ItemIds("similar"));
        Assert.Equal(0.9, similar.GetProperty("similar")[0].GetProperty("score").GetDouble());
        Assert.Equal("Sixty", similar.GetProperty("similar")[0].GetProperty("name").GetString());

        var missing = await Client.GetJsonAsync("/v1/items/12345", HttpStatusCode.NotFound);
        Assert.Contains("12345", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Client.GetJsonAsync("/v1/items/12345/similar", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/v1/users/abc/recommendations", "id")]
    [InlineData("/v1/users/1/recommendations?kind=best", "kind")]
    [InlineData("/v1/users/1/recommendations?k=0", "k")]
    [InlineData("/v1/users/1/recommendations?k=101", "k")]
    [InlineData("/v1/users/1/recommendations?details=maybe", "details")]
    [InlineData("/v1/users/1/events?k=x", "k")]
    [InlineData("/v1/items/x", "id")]
    [InlineData("/v1/items/50/similar?k=-1", "k")]
    public async Task BadParametersAreRejectedWithProblemJsonNamingTheParameter(string url, string parameter)
    {
        await Client.AssertInvalidParameterAsync(HttpMethod.Get, url, parameter);
    }

    [Fact]
    public async Task AnEventWithoutAnItemIdIsRejected()
    {
        using var response = await Client.PostAsJsonAsync("/v1/users/1/events", new { timestamp = DateTimeOffset.UtcNow }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("item_id", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnASetOfIntegerIdsEveryLongIsAnIdEvenTheOneStringSetsKeepForUnknownIds()
    {
        await AddEventAsync(long.MinValue, long.MinValue);

        var json = await Client.GetJsonAsync($"/v1/users/{long.MinValue}/events");

        Assert.Equal(long.MinValue, json.GetProperty("user_id").GetInt64());
        Assert.Equal([long.MinValue], json.ItemIds("events"));
    }

    private async Task AddEventAsync(long user, long item)
    {
        using var response = await Client.PostAsJsonAsync($"/v1/users/{user}/events", new { item_id = item }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
