using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Events;

/// <summary>
/// Events posted on a set trained on string ids belong to the original listener and track, not to the set's dense
/// ids: they survive a reload to a retrained set that numbers every id anew, and a listener outside the set's map can
/// post and gets online recommendations. Run against each event store that outlives a reload by a small subclass, as
/// <see cref="EventStoreContractTests{TStore}"/> is.
/// </summary>
public abstract class StringSetEventsTests : IDisposable
{
    private readonly TempDirectory _artifacts = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The settings that choose and configure the store under test (Section:Key=value).</summary>
    protected abstract string[] StoreSettings();

    public void Dispose()
    {
        _artifacts.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task EventsKeepTheirListenersAndTracksAcrossAReloadToARetrainedSetThatNumbersThemAnew()
    {
        TinyStringArtifacts.Write(_artifacts.Path, retrained: false);
        await using var host = await StartAsync();
        await PostAsync(host, "bob", "mbid:anthem");
        await PostAsync(host, "bob", "mbid:dirge");
        await PostAsync(host, "carol", "mbid:fugue");
        await PostAsync(host, "dave", "mbid:ballad");
        await PostAsync(host, "dave", "mbid:zeta");

        TinyStringArtifacts.Write(_artifacts.Path, retrained: true);
        await host.Client.PostAsync("/admin/reload");

        Assert.Equal(["mbid:dirge", "mbid:anthem"], await EventsAsync(host, "bob"));
        Assert.Equal(["mbid:fugue"], await EventsAsync(host, "carol"));
        // mbid:zeta left the catalogue with the retraining: dropped from the history, as an unknown track is.
        Assert.Equal(["mbid:ballad"], await EventsAsync(host, "dave"));
        Assert.Empty(await EventsAsync(host, "aaaa"));
        var online = await host.Client.GetJsonAsync("/v1/users/bob/recommendations?kind=online&k=4");
        Assert.Equal(["mbid:ballad", "mbid:chorus", "mbid:encore", "mbid:fugue"], Items(online).Order(StringComparer.Ordinal));
        var history = await host.Client.GetJsonAsync("/v1/users/bob/history");
        Assert.Equal(["mbid:dirge", "mbid:anthem"], history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("item_id").GetString()));
    }

    [Fact]
    public async Task AListenerOutsideTheSetsMapPostsEventsAndGetsOnlineRecommendationsFromThem()
    {
        TinyStringArtifacts.Write(_artifacts.Path, retrained: false);
        await using var host = await StartAsync();

        var posted = await PostAsync(host, "zoe", "mbid:anthem");
        var online = await host.Client.GetJsonAsync("/v1/users/zoe/recommendations?kind=online&k=2");
        var blended = await host.Client.GetJsonAsync("/v1/users/zoe/recommendations?k=3");
        TinyStringArtifacts.Write(_artifacts.Path, retrained: true);
        await host.Client.PostAsync("/admin/reload");

        Assert.Equal("mbid:anthem", posted.GetProperty("item_id").GetString());
        Assert.Equal("zoe", online.GetProperty("user_id").GetString());
        Assert.Equal(["mbid:ballad", "mbid:chorus"], Items(online));
        Assert.Contains("online", blended.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["mbid:anthem"], await EventsAsync(host, "zoe"));
        Assert.Empty(await EventsAsync(host, "zoey"));
    }

    [Fact]
    public async Task ATrackOutsideTheSetsMapIsStillRefused()
    {
        TinyStringArtifacts.Write(_artifacts.Path, retrained: false);
        await using var host = await StartAsync();

        using var response = await host.Client.PostAsJsonAsync(
            new Uri("/v1/users/zoe/events", UriKind.Relative), new { item_id = "a-first" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("a-first", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(await EventsAsync(host, "zoe"));
    }

    private protected async Task<ServiceHost> StartAsync() =>
        await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Path}", "Artifacts:WatchManifest=false", .. StoreSettings()]);

    private protected static async Task<JsonElement> PostAsync(ServiceHost host, string user, string track)
    {
        using var response = await host.Client.PostAsJsonAsync(
            new Uri($"/v1/users/{Uri.EscapeDataString(user)}/events", UriKind.Relative), new { item_id = track }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string?[]> EventsAsync(ServiceHost host, string user)
    {
        var events = await host.Client.GetJsonAsync($"/v1/users/{Uri.EscapeDataString(user)}/events");
        Assert.Equal(user, events.GetProperty("user_id").GetString());
        return [.. events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("item_id").GetString())];
    }

    private static string?[] Items(JsonElement recommendations) =>
        [.. recommendations.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item_id").GetString())];
}

/// <summary>The in-memory store: events outlive a reload in the same process.</summary>
public sealed class InMemoryStringSetEventsTests : StringSetEventsTests
{
    protected override string[] StoreSettings() => ["Events:Store=memory"];
}
