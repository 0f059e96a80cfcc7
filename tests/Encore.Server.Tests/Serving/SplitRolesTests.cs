using System.Net;
using System.Net.Http.Json;

namespace Encore.Server.Tests.Serving;

/// <summary>
/// The seed's three services as three processes' worth of hosts on 127.0.0.1: the recommendations role reaches the
/// features role for similar tracks and the events role for the history, and still answers, with offline
/// recommendations, when either is down.
/// </summary>
public sealed class SplitRolesTests : IAsyncLifetime
{
    private static readonly long[] s_blended = [10, 62, 11, 60, 12, 61, 13, 63, 14];
    private static readonly long[] s_offline = [10, 11, 12, 13, 14];
    private readonly TinyArtifacts _artifacts = new();
    private ServiceHost _features = null!;
    private ServiceHost _events = null!;
    private ServiceHost _recommendations = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _features = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Server:Role=features"], realPort: true);
        _events = await ServiceHost.StartAsync(["Server:Role=events"], realPort: true);
        _recommendations = await ServiceHost.StartAsync(
        [
            $"Artifacts:Location={_artifacts.Directory}", "Server:Role=recommendations", $"Peers:FeaturesUrl={_features.BaseUrl}",
            "Events:Store=http", $"Events:Http:BaseUrl={_events.BaseUrl}",
        ]);
    }

    public async ValueTask DisposeAsync()
    {
        await _recommendations.DisposeAsync();
        await _events.DisposeAsync();
        await _features.DisposeAsync();
        _artifacts.Dispose();
    }

    [Fact]
    public async Task EachRoleServesItsOwnPartOfTheSeedApi()
    {
        Assert.Equal("Features service is working", (await _features.Client.GetJsonAsync("/")).GetProperty("message").GetString());
        Assert.Equal("Events service is working", (await _events.Client.GetJsonAsync("/")).GetProperty("message").GetString());
        await _features.Client.PostAsync("/recommendations?user_id=1", HttpStatusCode.NotFound);
        await _events.Client.PostAsync("/similar_items?item_id=50", HttpStatusCode.NotFound);
        await _recommendations.Client.PostAsync("/put?user_id=1&item_id=50", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheRecommendationsRoleBlendsWithEventsAndSimilarTracksFromItsPeers()
    {
        await _events.Client.PostAsync("/put?user_id=1&item_id=50");
        await _events.Client.PostAsync("/put?user_id=1&item_id=51");

        Assert.Equal(s_blended, (await _recommendations.Client.PostAsync("/recommendations?user_id=1&k=10")).Ids("recs"));
        Assert.Equal(new long[] { 62L, 60, 61, 10, 63 }, (await _recommendations.Client.PostAsync("/recommendations_online?user_id=1&k=10")).Ids("recs"));
    }

    [Fact]
    public async Task WithTheFeaturesRoleDownBlendedRecommendationsAreTheOfflineOnes()
    {
        await _events.Client.PostAsync("/put?user_id=1&item_id=50");
        await _features.StopAsync();

        Assert.Equal(s_offline, (await _recommendations.Client.PostAsync("/recommendations?user_id=1&k=10")).Ids("recs"));
        Assert.Empty((await _recommendations.Client.PostAsync("/recommendations_online?user_id=1&k=10")).Ids("recs"));
        var rest = await _recommendations.Client.GetJsonAsync("/v1/users/1/recommendations?k=10");
        Assert.True(rest.GetProperty("degraded").GetBoolean());
        Assert.Equal(s_offline, rest.ItemIds("items"));
    }

    [Fact]
    public async Task WithTheEventsRoleDownReadsServeOfflineRecommendationsAndWritesAnswer503()
    {
        await _events.StopAsync();

        Assert.Equal(s_offline, (await _recommendations.Client.PostAsync("/recommendations?user_id=1&k=10")).Ids("recs"));
        Assert.Equal(new long[] { 100L, 101 }, (await _recommendations.Client.PostAsync("/recommendations_offline?user_id=999&k=2")).Ids("recs"));
        using var write = await _recommendations.Client.PostAsJsonAsync("/v1/users/1/events", new { item_id = 50 }, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        var body = await write.Content.ReadAsStringAsync(Ct);
        Assert.Contains("events store is unavailable", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_events.BaseUrl.Authority, body, StringComparison.Ordinal);
    }
}
