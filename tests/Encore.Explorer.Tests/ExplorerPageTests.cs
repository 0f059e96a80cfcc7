using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Encore.Explorer.Tests;

/// <summary>
/// The explorer page (<c>/explore</c>) in headless Chromium against a real <c>encore serve</c> with the API key on:
/// it loads with the set's version and report, shows a listener's lists with names, reacts to "listen", shows a
/// track's similar tracks, opens the listener its address names, and turns an API error into a readable message.
/// </summary>
public sealed partial class ExplorerPageTests(ExplorerService service) : IClassFixture<ExplorerService>
{
    private const int K = 10;

    static ExplorerPageTests() => SetDefaultExpectTimeout(60_000);

    [Fact]
    public async Task ThePageLoadsWithTheArtifactSetsVersionAndTheModelReport()
    {
        service.RequireBrowser();
        var report = await service.GetAsync("/v1/artifacts/report");
        var page = await service.NewPageAsync();
        var requested = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => requested.Enqueue(request.Url);

        await page.GotoAsync(service.Url + "/explore");

        await Expect(page).ToHaveTitleAsync("Encore explorer");
        await Expect(page.Locator("#version")).ToHaveTextAsync($"artifacts {report.GetProperty("version").GetString()}");
        // The demo trains with calculate_loss on and a ranker: the loss chart and the importance table are drawn.
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "ALS training loss per iteration" })).ToBeVisibleAsync();
        await Expect(page.Locator("#report h3", new() { HasText = "Ranker: feature importance" })).ToBeVisibleAsync();
        // encore evaluate's metrics for every model, and its charts, loaded.
        var metrics = (await service.GetAsync("/v1/artifacts/evaluation")).GetProperty("reports")[0];
        var models = metrics.GetProperty("metrics").GetProperty("models").EnumerateObject().Select(m => m.Name).ToArray();
        Assert.Contains("als", models);
        await Expect(page.Locator("#metrics-standard tr td:first-child")).ToHaveTextAsync(models);
        await Expect(page.Locator("#metrics-standard th", new() { HasText = "ndcg@10" })).ToBeVisibleAsync();
        var charts = page.Locator(".charts img");
        await Expect(charts).ToHaveCountAsync(metrics.GetProperty("charts").GetArrayLength());
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.charts img')].every(i => i.complete && i.naturalWidth > 0)");
        // Nothing comes from anywhere but the service: no CDN, no fonts or scripts from the internet.
        Assert.All(requested, url => Assert.StartsWith(service.Url + "/", url, StringComparison.Ordinal));
        Assert.Contains(service.Url + "/explore/explorer.js", requested);
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheAddressesUserIdOpensThatListenerWithEveryListNamed()
    {
        service.RequireBrowser();
        var user = await service.RandomListenerAsync();
        var page = await service.NewPageAsync();

        await page.GotoAsync($"{service.Url}/explore?user_id={user}");

        await Expect(page.Locator("#listener")).ToHaveTextAsync(user.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#user-id")).ToHaveValueAsync(user.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var kind in new[] { "offline", "blended" })
        {
            var expected = await service.GetAsync($"/v1/users/{user}/recommendations?kind={kind}&k={K}&details=true");
            await Expect(page.Locator($"#list-{kind} li.track .track-name")).ToHaveTextAsync(ExplorerService.Names(expected.GetProperty("items")));
        }

        // The page asks for explanations (explain=true) and shows each one's source and reason under its track.
        var explained = await service.GetAsync($"/v1/users/{user}/recommendations?kind=offline&k={K}&explain=true");
        await Expect(page.Locator("#list-offline li.track .explanation")).ToHaveTextAsync(
            [.. explained.GetProperty("items").EnumerateArray().Select(i => Shown(i.GetProperty("explanation")))]);

        // No online events yet: the online list says why it is empty.
        await Expect(page.Locator("#list-online li.track")).ToHaveCountAsync(0);
        await Expect(page.Locator("#list-online")).ToContainTextAsync("Empty until the listener has online events");
        await Expect(page.Locator("#history-note")).ToContainTextAsync("training listens are not part of the served artifact set");
    }

    [Fact]
    public async Task TheLiveColumnShowsTheLiveListBesideTheOthersWithTheFeaturesBehindEachTrack()
    {
        service.RequireBrowser();
        var user = await service.RandomListenerAsync();
        var page = await service.NewPageAsync();

        await page.GotoAsync($"{service.Url}/explore?user_id={user}");

        var live = await service.GetAsync($"/v1/users/{user}/recommendations?kind=live&k={K}&details=true&explain=true");
        var items = live.GetProperty("items").EnumerateArray().ToArray();
        await Expect(page.Locator("#list-live li.track .track-name")).ToHaveTextAsync(ExplorerService.Names(live.GetProperty("items")));
        await Expect(page.Locator(".kind[data-kind=live] .sources")).ToContainTextAsync(
            live.GetProperty("sources").EnumerateArray().First().GetString()!);
        await Expect(page.Locator("#list-live li.track .explanation")).ToHaveTextAsync([.. items.Select(i => Shown(i.GetProperty("explanation")))]);
        // The demo's set has a live model: each track lists the features that raised its score, in words.
        Assert.False(live.GetProperty("degraded").GetBoolean());
        var first = items[0].GetProperty("explanation").GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()!).ToArray();
        Assert.NotEmpty(first);
        await Expect(page.Locator("#list-live li.track").First.Locator("ul.features li")).ToHaveCountAsync(first.Length);
        await Expect(page.Locator("#list-live li.track").First.Locator("ul.features li").First).ToContainTextAsync(first[0]);
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
    }

    /// <summary>What the page shows of an explanation: source and reason, the features (listed under it) left out.</summary>
    private static string Shown(System.Text.Json.JsonElement explanation)
    {
        var reason = explanation.GetProperty("reason").GetString()!;
        if (explanation.TryGetProperty("features", out var features) && features.GetArrayLength() > 0)
        {
            reason = reason.Split("; raised most by")[0];
        }

        return $"{explanation.GetProperty("source").GetString()}: {reason}";
    }

    [Fact]
    public async Task ARandomListenerGetsPersonalRecommendationsAndTheirIdInTheAddress()
    {
        service.RequireBrowser();
        var page = await service.NewPageAsync();
        await page.GotoAsync(service.Url + "/explore");

        await page.Locator("#random").ClickAsync();

        await Expect(page).ToHaveURLAsync(UserIdInAddress());
        var user = new Uri(page.Url).Query.Split('=')[1];
        var expected = await service.GetAsync($"/v1/users/{user}/recommendations?kind=offline&k={K}&details=true");
        Assert.Equal(["personal"], expected.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        await Expect(page.Locator("#list-offline li.track .track-name")).ToHaveTextAsync(ExplorerService.Names(expected.GetProperty("items")));
    }

    [Fact]
    public async Task ListenAsksForTheApiKeyOnceThenTheOnlineListAndHistoryReact()
    {
        service.RequireBrowser();
        var user = await service.RandomListenerAsync();
        var page = await service.NewPageAsync();
        await page.GotoAsync($"{service.Url}/explore?user_id={user}");
        var first = page.Locator("#list-offline li.track").First;
        var name = await first.Locator(".track-name").TextContentAsync();
        await Expect(page.Locator("#list-online li.track")).ToHaveCountAsync(0);

        await first.Locator(".listen").ClickAsync();
        // The service wants its key for writes: the page asks, keeps it for the tab and retries.
        await Expect(page.Locator("#key-dialog")).ToBeVisibleAsync();
        await page.Locator("#key-input").FillAsync(ExplorerService.ApiKey);
        await page.Locator("#key-ok").ClickAsync();

        await Expect(page.Locator("#events li.track .track-name")).ToHaveTextAsync([name!]);
        var online = await service.GetAsync($"/v1/users/{user}/recommendations?kind=online&k={K}&details=true");
        Assert.NotEqual(0, online.GetProperty("items").GetArrayLength());
        await Expect(page.Locator("#list-online li.track .track-name")).ToHaveTextAsync(ExplorerService.Names(online.GetProperty("items")));
        await Expect(page.Locator("#key-state")).ToHaveTextAsync("API key set");

        // A second listen goes straight through with the kept key.
        await page.Locator("#list-offline li.track").Nth(1).Locator(".listen").ClickAsync();
        await Expect(page.Locator("#events li.track")).ToHaveCountAsync(2);
        await Expect(page.Locator("#key-dialog")).ToBeHiddenAsync();
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "explorer.png") });
    }

    [Fact]
    public async Task ClickingATrackShowsItsSimilarTracks()
    {
        service.RequireBrowser();
        var user = await service.RandomListenerAsync();
        var page = await service.NewPageAsync();
        await page.GotoAsync($"{service.Url}/explore?user_id={user}");
        var first = page.Locator("#list-offline li.track").First;
        var item = await first.GetAttributeAsync("data-item-id");
        var name = await first.Locator(".track-name").TextContentAsync();

        await first.Locator(".track-name").ClickAsync();

        var similar = await service.GetAsync($"/v1/items/{item}/similar?k={K}&details=true");
        Assert.NotEqual(0, similar.GetProperty("similar").GetArrayLength());
        await Expect(page.Locator("#similar-of")).ToContainTextAsync(name!);
        await Expect(page.Locator("#similar li.track .track-name")).ToHaveTextAsync(ExplorerService.Names(similar.GetProperty("similar")));
    }

    [Fact]
    public async Task TheGenreFilterNarrowsTheListsAndAnUnknownGenreShowsTheApisRefusal()
    {
        service.RequireBrowser();
        var user = await service.RandomListenerAsync();
        var page = await service.NewPageAsync();
        await page.GotoAsync($"{service.Url}/explore?user_id={user}");
        await Expect(page.Locator("#list-offline li.track")).Not.ToHaveCountAsync(0);
        // The listener's lowest offline track's genre: the filtered list must refill past the tracks before it.
        var items = (await service.GetAsync($"/v1/users/{user}/recommendations?kind=offline&k={K}&details=true")).GetProperty("items");
        var genre = items[items.GetArrayLength() - 1].GetProperty("genres")[0].GetString()!;

        await page.Locator("#genres").FillAsync(genre);
        await page.Locator("#genre-filter button").ClickAsync();

        var filtered = await service.GetAsync($"/v1/users/{user}/recommendations?kind=offline&k={K}&details=true&genres={Uri.EscapeDataString(genre)}");
        Assert.All(filtered.GetProperty("items").EnumerateArray(), i => Assert.Contains(genre, i.GetProperty("genres").EnumerateArray().Select(g => g.GetString())));
        await Expect(page.Locator("#list-offline li.track .track-name")).ToHaveTextAsync(ExplorerService.Names(filtered.GetProperty("items")));

        await page.Locator("#genres").FillAsync("no-such-genre");
        await page.Locator("#genre-filter button").ClickAsync();
        var error = page.GetByRole(AriaRole.Alert);
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("'no-such-genre'");
    }

    [Fact]
    public async Task AnApiErrorShowsItsTitleAndDetail()
    {
        service.RequireBrowser();
        var page = await service.NewPageAsync();
        await page.GotoAsync(service.Url + "/explore");

        await page.Locator("#user-id").FillAsync("abc");
        await page.Locator("#load").ClickAsync();

        var error = page.GetByRole(AriaRole.Alert);
        await Expect(error).ToBeVisibleAsync();
        await Expect(error.Locator("strong")).ToHaveTextAsync("Invalid request parameter");
        await Expect(error).ToContainTextAsync("Parameter 'id' must be an integer id; got 'abc'.");
    }

    [Fact]
    public async Task AWrongApiKeyShowsTheServicesRefusal()
    {
        service.RequireBrowser();
        var user = await service.RandomListenerAsync();
        var page = await service.NewPageAsync();
        await page.GotoAsync($"{service.Url}/explore?user_id={user}");

        await page.Locator("#list-offline li.track").First.Locator(".listen").ClickAsync();
        await page.Locator("#key-input").FillAsync("not-the-key");
        await page.Locator("#key-ok").ClickAsync();

        var error = page.GetByRole(AriaRole.Alert);
        await Expect(error.Locator("strong")).ToHaveTextAsync("API key missing or wrong");
        await Expect(error).ToContainTextAsync("X-Api-Key");
        await Expect(page.Locator("#events li.track")).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"/explore\?user_id=\d+$")]
    private static partial Regex UserIdInAddress();
}
