using System.Net;
using Encore.Server.Operations;
using Encore.Server.Tests.Events;

namespace Encore.Server.Tests.Serving;

/// <summary>
/// X-Encore-Artifacts: every answer names the version of the artifact set that served it (successes, problem+json
/// errors, health checks), a reload changes it, and nothing is named before a set has loaded.
/// </summary>
public sealed class ArtifactVersionHeaderTests : IDisposable
{
    private static readonly int[] s_newChart = [200, 201, 202];
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public async Task EveryAnswerCarriesTheServedVersionErrorsAndHealthChecksIncluded()
    {
        // Redis on a port nothing listens on: a write fails inside its handler and the exception handler, which clears
        // the response it takes over, writes the 503.
        await using var host = await ServiceHost.StartAsync(
        [
            $"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false", "Events:Store=redis",
            $"Events:Redis:ConnectionString=127.0.0.1:{RedisServer.FreePort()}",
            "Events:Redis:ConnectTimeout=00:00:00.200", "Events:Redis:OperationTimeout=00:00:00.200",
        ]);
        var version = host.Artifacts.Version;
        Assert.NotNull(version);
        Assert.Matches("^[0-9a-f]{12}$", version);

        (HttpMethod Method, string Path, HttpStatusCode Status)[] requests =
        [
            (HttpMethod.Post, "/recommendations_offline?user_id=1&k=2", HttpStatusCode.OK),
            (HttpMethod.Get, "/v1/items/50/similar?k=2", HttpStatusCode.OK),
            (HttpMethod.Get, "/health/ready", HttpStatusCode.OK),
            (HttpMethod.Get, "/health/live", HttpStatusCode.OK),
            (HttpMethod.Get, "/stats", HttpStatusCode.OK),
            (HttpMethod.Post, "/recommendations_offline?user_id=1&k=0", HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/v1/items/424242", HttpStatusCode.NotFound),
            (HttpMethod.Get, "/no/such/path", HttpStatusCode.NotFound),
            (HttpMethod.Post, "/put?user_id=1&item_id=50", HttpStatusCode.ServiceUnavailable),
        ];
        foreach (var (method, path, status) in requests)
        {
            using var response = await host.Client.SendAsync(new HttpRequestMessage(method, path), Ct);
            Assert.True(response.StatusCode == status, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}");
            Assert.Equal([version], Header(response));
            if (status >= HttpStatusCode.BadRequest)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task AReloadChangesTheVersionFromItsOwnAnswerOn()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"]);
        using var before = await host.Client.PostAsync("/recommendations_default?k=2", null, Ct);
        var old = Assert.Single(Header(before));

        TinyArtifacts.Write(_artifacts.Directory, s_newChart);
        using var reload = await host.Client.PostAsync("/admin/reload", null, Ct);
        using var after = await host.Client.PostAsync("/recommendations_default?k=2", null, Ct);

        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        var current = host.Artifacts.Version;
        Assert.NotEqual(old, current);
        Assert.Equal([current], Header(reload));
        Assert.Equal([current], Header(after));
        Assert.Contains("200", await after.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoVersionIsNamedBeforeASetHasLoaded()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}/missing"], expectLoaded: false);

        using var ready = await host.Client.GetAsync("/health/ready", Ct);
        using var recommendations = await host.Client.PostAsync("/recommendations_default?k=2", null, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, recommendations.StatusCode);
        Assert.Empty(Header(ready));
        Assert.Empty(Header(recommendations));
    }

    [Fact]
    public async Task TheEventsRoleServingNoSetNamesNoVersion()
    {
        await using var host = await ServiceHost.StartAsync(["Server:Role=events"]);

        using var live = await host.Client.GetAsync("/health/live", Ct);
        using var events = await host.Client.PostAsync("/get?user_id=1", null, Ct);

        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Empty(Header(live));
        Assert.Empty(Header(events));
    }

    private static string[] Header(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ArtifactVersionHeader.HeaderName, out var values) ? [.. values] : [];
}
