using System.Net;
using System.Net.Http.Json;
using Encore.Server.Apis;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Explorer;

/// <summary>
/// The explorer's REST resources and pages on <see cref="TinyArtifacts"/>: a random listener, a listener's history with
/// names, the artifact report, the page itself and the browsers' landing page at <c>/</c>. The page in a browser is
/// tested by tests/Encore.Explorer.Tests.
/// </summary>
public sealed class ExplorerApiTests : TinyServiceTests
{
    [Fact]
    public async Task ARandomListenerIsOneWithPersonalRecommendations()
    {
        var seen = new HashSet<long>();
        for (var i = 0; i < 30; i++)
        {
            var json = await Client.GetJsonAsync("/v1/users/random");
            var user = json.GetProperty("user_id").GetInt64();
            seen.Add(user);
            Assert.Equal(user == 1 ? TinyArtifacts.User1.Length : TinyArtifacts.User2.Length, json.GetProperty("offline_items").GetInt32());
            Assert.Equal(2, json.GetProperty("listeners_with_offline_lists").GetInt32());
        }

        // Users 1 and 2 are the only ones with lists; 30 draws see both (a chance of 2^-29 that they do not).
        Assert.Equal([1L, 2L], seen.Order());
    }

    [Fact]
    public async Task HistoryNamesTheEventsNewestFirstAndCountsTheirArtistsAndGenres()
    {
        await AddEventAsync(1, 10);
        await AddEventAsync(1, 60);
        await AddEventAsync(1, 77);

        var json = await Client.GetJsonAsync("/v1/users/1/history");

        var events = json.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal([77L, 60, 10], events.Select(e => e.GetProperty("item_id").GetInt64()));
        Assert.False(events[0].TryGetProperty("name", out _)); // 77 is not in the catalogue: shown by id only
        Assert.Equal("Sixty", events[1].GetProperty("name").GetString());
        Assert.Equal("Ten", events[2].GetProperty("name").GetString());
        Assert.Equal(
            [("rock", 2), ("pop", 1)],
            json.GetProperty("top_genres").EnumerateArray().Select(g => (g.GetProperty("name").GetString()!, g.GetProperty("count").GetInt32())));
        Assert.Equal(
            ["Artist A", "Artist B", "Artist C"],
            json.GetProperty("top_artists").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(TinyArtifacts.User1.Length, json.GetProperty("offline_items").GetInt32());
        Assert.Equal(ExplorerApi.HistoryNote, json.GetProperty("note").GetString());
    }

    [Fact]
    public async Task HistoryHonoursKAndRejectsABadIdWithProblemJson()
    {
        await AddEventAsync(2, 10);
        await AddEventAsync(2, 60);
        var json = await Client.GetJsonAsync("/v1/users/2/history?k=1");
        Assert.Equal([60L], json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("item_id").GetInt64()));

        using var response = await Client.GetAsync("/v1/users/abc/history", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.Equal("Parameter 'id' must be an integer id; got 'abc'.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TheReportGivesTheServedSetsVersionAndWhatItCarries()
    {
        var json = await Client.GetJsonAsync("/v1/artifacts/report");

        Assert.Equal(Host.Artifacts.Version, json.GetProperty("version").GetString());
        Assert.Equal(Path.GetFileName(Artifacts.Directory), json.GetProperty("directory").GetString());
        Assert.Equal(2, json.GetProperty("users").GetInt32());
        Assert.Equal(3, json.GetProperty("catalog_items").GetInt32());
        Assert.Contains("personal_als.parquet", json.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        // TinyArtifacts has no als_loss.json or ranker.json: they are left out, not an error.
        Assert.False(json.TryGetProperty("als_loss", out _));
        Assert.False(json.TryGetProperty("ranker", out _));
    }

    [Fact]
    public async Task TheReportReadsTheAlsLossAndTheRankersSummaryWhenTheSetHasThem()
    {
        await File.WriteAllTextAsync(Path.Combine(Artifacts.Directory, "als_loss.json"), """{"format_version": 1, "loss": [0.5, 0.25, 0.125]}""", Ct);
        await File.WriteAllTextAsync(
            Path.Combine(Artifacts.Directory, "ranker.json"),
            """{"candidate_recall": {"new_listens": 10, "all": 0.5, "als": 0.4}, "importance": {"item_plays": 2.0, "als_score": 7.5}, "train": {"users": 3}}""",
            Ct);

        var json = await Client.GetJsonAsync("/v1/artifacts/report");

        Assert.Equal([0.5, 0.25, 0.125], json.GetProperty("als_loss").EnumerateArray().Select(v => v.GetDouble()));
        var ranker = json.GetProperty("ranker");
        Assert.Equal(["all", "als"], ranker.GetProperty("candidate_recall").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["als_score", "item_plays"], ranker.GetProperty("importance").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(3, ranker.GetProperty("train").GetProperty("users").GetInt32());
    }

    [Theory]
    [InlineData("/explore", "text/html", "<title>Encore explorer</title>")]
    [InlineData("/explore/explorer.js", "text/javascript", "/v1/users/random")]
    [InlineData("/explore/explorer.css", "text/css", "#error")]
    public async Task TheExplorerPageIsServedFromTheAssembly(string path, string type, string content)
    {
        using var response = await Client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrowserAtTheRootGetsALinkToTheExplorerAndOtherClientsTheSeedsMessage()
    {
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/");
        browser.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        using var page = await Client.SendAsync(browser, Ct);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("href=\"/explore\"", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var json = await Client.GetJsonAsync("/");
        Assert.Equal("Recommendations service is working", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task TheExplorersEndpointsAreInTheOpenApiDocumentAndThePageIsNot()
    {
        var paths = (await Client.GetJsonAsync("/openapi/v1.json")).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/v1/users/random", paths);
        Assert.Contains("/v1/users/{id}/history", paths);
        Assert.Contains("/v1/artifacts/report", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/explore", StringComparison.Ordinal));
    }

    private async Task AddEventAsync(long user, long item)
    {
        using var response = await Client.PostAsJsonAsync($"/v1/users/{user}/events", new { item_id = item }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
