using System.Net;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Apis;

/// <summary>Health, stats, metrics, OpenAPI and the API key.</summary>
public sealed class OperationsApiTests : IDisposable
{
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public async Task LiveAndReadyOnceTheArtifactsAreLoaded()
    {
        await using var host = await StartAsync();
        Assert.Equal("live", (await host.Client.GetJsonAsync("/health/live")).GetProperty("status").GetString());
        Assert.Equal("ready", (await host.Client.GetJsonAsync("/health/ready")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ArtifactsThatFailToLoadLeaveTheServiceLiveButNotReadyAndRequestsGet503()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}/missing"], expectLoaded: false);

        await host.Client.GetJsonAsync("/health/live");
        var ready = await host.Client.GetJsonAsync("/health/ready", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("failed", ready.GetProperty("status").GetString());
        Assert.Contains("missing", ready.GetProperty("error").GetString(), StringComparison.Ordinal);
        var problem = await host.Client.PostAsync("/recommendations_offline?user_id=1", HttpStatusCode.ServiceUnavailable);
        Assert.Contains("could not be loaded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatsCountRequestsByKindAndFallbacksToPopular()
    {
        await using var host = await StartAsync();
        await host.Client.PostAsync("/recommendations_offline?user_id=1");
        await host.Client.PostAsync("/recommendations_offline?user_id=999");
        await host.Client.PostAsync("/recommendations?user_id=999");
        await host.Client.PostAsync("/recommendations_default");

        var stats = await host.Client.GetJsonAsync("/stats");
        var counters = stats.GetProperty("counters");
        Assert.Equal(2, counters.GetProperty("requests_offline").GetInt64());
        Assert.Equal(1, counters.GetProperty("requests_blended").GetInt64());
        Assert.Equal(1, counters.GetProperty("requests_popular").GetInt64());
        Assert.Equal(2, counters.GetProperty("fallbacks_to_popular").GetInt64());
        var artifacts = stats.GetProperty("artifacts");
        Assert.Equal(("personal_als.parquet", 2, 3), (artifacts.GetProperty("offline_file").GetString(), artifacts.GetProperty("users").GetInt32(),
            artifacts.GetProperty("similar_items").GetInt32()));
        Assert.Equal(("all", "memory"), (stats.GetProperty("role").GetString(), stats.GetProperty("event_store").GetString()));
    }

    [Fact]
    public async Task MetricsHaveLatencyHistogramsPerEndpointAndRecommendationSources()
    {
        await using var host = await StartAsync();
        await host.Client.PostAsync("/recommendations_offline?user_id=999");

        var metrics = await host.Client.GetStringAsync("/metrics", Ct);
        Assert.Contains("http_request_duration_seconds_bucket{code=\"200\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/recommendations_offline\"", metrics, StringComparison.Ordinal);
        Assert.Contains("encore_recommendation_sources_total{kind=\"offline\",source=\"popular\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDescribesBothApisAndScalarServesTheDocs()
    {
        await using var host = await StartAsync();
        var openApi = await host.Client.GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("\"/recommendations_offline\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"/v1/users/{id}/recommendations\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"/v1/items/{id}/similar\"", openApi, StringComparison.Ordinal);

        var docs = await host.Client.GetStringAsync("/docs/", Ct);
        Assert.Contains("Scalar", docs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnApiKeyWritesAndReloadNeedItAndReadsDoNot()
    {
        await using var host = await StartAsync("Server:ApiKey=s3cret");

        await host.Client.PostAsync("/put?user_id=1&item_id=50", HttpStatusCode.Unauthorized);
        await host.Client.PostAsync("/admin/reload", HttpStatusCode.Unauthorized);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/put?user_id=1&item_id=50") { Headers = { { "X-Api-Key", "guess" } } };
        await host.Client.SendAsync(wrong, HttpStatusCode.Unauthorized);

        using var put = new HttpRequestMessage(HttpMethod.Post, "/put?user_id=1&item_id=50") { Headers = { { "X-Api-Key", "s3cret" } } };
        await HttpJson.SendAsync(host.Client, put);
        Assert.Equal(50L, Assert.Single((await host.Client.PostAsync("/get?user_id=1")).Ids("events")));
    }

    [Fact]
    public async Task ALargeRequestBodyIsRejected()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Server:MaxRequestBodyBytes=100"], realPort: true);
        using var content = new StringContent($"{{\"item_id\": 50, \"padding\": \"{new string('x', 1000)}\"}}", System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync("/v1/users/1/events", content, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private Task<ServiceHost> StartAsync(params string[] settings) =>
        ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", .. settings]);
}
