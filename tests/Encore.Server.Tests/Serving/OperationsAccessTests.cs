using System.Net;

namespace Encore.Server.Tests.Serving;

/// <summary>/stats and /metrics follow the API key when one is set (Server:ProtectOperations, on by default); probes stay open.</summary>
public sealed class OperationsAccessTests : IDisposable
{
    private const string Key = "s3cret";
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Theory]
    [InlineData("/stats")]
    [InlineData("/metrics")]
    public async Task WithAnApiKeyOperationsNeedItAndAnswer401ProblemWithout(string path)
    {
        await using var host = await StartAsync($"Server:ApiKey={Key}");

        using var without = await host.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        using var wrong = await SendAsync(host.Client, path, "nope");
        using var with = await SendAsync(host.Client, path, Key);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Theory]
    [InlineData("/stats")]
    [InlineData("/metrics")]
    public async Task ProtectOperationsFalseLeavesThemOpenForAScraper(string path)
    {
        await using var host = await StartAsync($"Server:ApiKey={Key}", "Server:ProtectOperations=false");

        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ProbesStayOpenWithAKey()
    {
        await using var host = await StartAsync($"Server:ApiKey={Key}");

        Assert.Equal("ready", (await host.Client.GetJsonAsync("/health/ready")).GetProperty("status").GetString());
        Assert.Equal("live", (await host.Client.GetJsonAsync("/health/live")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task StatsNameTheSetAndItsFilesButNotWhereTheyAre()
    {
        await using var host = await StartAsync();

        var artifacts = (await host.Client.GetJsonAsync("/stats")).GetProperty("artifacts");

        Assert.Equal(Path.GetFileName(_artifacts.Directory), artifacts.GetProperty("directory").GetString());
        Assert.Equal("catalog.parquet", artifacts.GetProperty("catalog_file").GetString());
        Assert.DoesNotContain(Path.GetTempPath(), artifacts.GetRawText(), StringComparison.Ordinal);
    }

    private Task<ServiceHost> StartAsync(params string[] settings) =>
        ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false", .. settings]);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request, Ct);
    }
}
