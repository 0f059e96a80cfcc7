using Encore.Core.Artifacts;
using Encore.Core.Artifacts.Store;
using Encore.Core.Tests.Artifacts.Store;
using Encore.Server.Serving;

namespace Encore.Server.Tests.Serving;

/// <summary>
/// Serving a set published to S3 (the local S3 server that .ci/run starts): the set is downloaded, verified and
/// served, and a new publish is picked up by polling the manifest, without any call to the service.
/// </summary>
public sealed class S3ServingTests(LocalS3Server server) : IClassFixture<LocalS3Server>, IDisposable
{
    private static readonly int[] s_newChart = [300, 301, 302];
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    private string[] Settings(string url, string pollInterval) =>
    [
        $"Artifacts:Location={url}",
        $"Artifacts:CacheDirectory={_directory.Combine("cache")}",
        $"Artifacts:PollInterval={pollInterval}",
        $"Artifacts:S3:EndpointUrl={server.Endpoint}",
        "Artifacts:S3:Region=us-east-1",
        $"Artifacts:S3:AccessKeyId={LocalS3Server.AccessKey}",
        $"Artifacts:S3:SecretAccessKey={LocalS3Server.AccessKey}",
    ];

    private async Task<string> PublishAsync(int[] popular)
    {
        var local = _directory.Combine("published-" + string.Join("-", popular));
        TinyArtifacts.Write(local, popular);
        var url = $"s3://{LocalS3Server.Bucket}/serve/{Guid.NewGuid():N}";
        await ArtifactStore.PublishAsync(local, ArtifactLocation.Parse(url), server.Options, cancellationToken: Ct);
        return url;
    }

    [Fact]
    public async Task ASetPublishedToS3IsDownloadedAndServed()
    {
        server.Require();
        var url = await PublishAsync(TinyArtifacts.Popular);

        await using var host = await ServiceHost.StartAsync(Settings(url, "00:00:00"));

        Assert.Equal(new long[] { 10L, 11 }, (await host.Client.PostAsync("/recommendations_offline?user_id=1&k=2")).Ids("recs"));
        Assert.Equal(new long[] { 100L, 101 }, (await host.Client.PostAsync("/recommendations_default?k=2")).Ids("recs"));
        Assert.Equal(new long[] { 60L, 61 }, (await host.Client.PostAsync("/similar_items?item_id=50&k=2")).Ids("item_id_2"));
        Assert.True(File.Exists(Path.Combine(_directory.Combine("cache"), "manifest.json")));
    }

    [Fact]
    public async Task ASetPublishedToS3AloneServesNamesDetailsAndItems()
    {
        server.Require();
        var url = await PublishAsync(TinyArtifacts.Popular);

        // No Artifacts:Items: the names come from the set's own catalogue, downloaded with it.
        await using var host = await ServiceHost.StartAsync(Settings(url, "00:00:00"));

        var item = await host.Client.GetJsonAsync("/v1/items/60");
        Assert.Equal("Sixty", item.GetProperty("name").GetString());
        Assert.Equal(["Artist B", "Artist C"], item.GetProperty("artists").EnumerateArray().Select(a => a.GetString()));
        var popular = await host.Client.GetJsonAsync("/v1/users/999/recommendations?kind=popular&k=1&details=true");
        Assert.Equal("Hundred", popular.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.True(File.Exists(Path.Combine(_directory.Combine("cache"), ArtifactFiles.Catalog)));
    }

    [Fact]
    public async Task ANewPublishIsPickedUpByPollingTheManifest()
    {
        server.Require();
        var url = await PublishAsync(TinyArtifacts.Popular);
        await using var host = await ServiceHost.StartAsync(Settings(url, "00:00:00.200"));
        Assert.Equal(new long[] { 100L, 101 }, (await host.Client.PostAsync("/recommendations_default?k=2")).Ids("recs"));

        var next = _directory.Combine("next");
        TinyArtifacts.Write(next, s_newChart);
        await ArtifactStore.PublishAsync(next, ArtifactLocation.Parse(url), server.Options, cancellationToken: Ct);

        var recs = await host.Client.WaitForChartAsync(300, TimeSpan.FromSeconds(30));

        Assert.Equal([300L, 301], recs);
        Assert.Equal(2, (await host.Client.GetJsonAsync("/stats")).GetProperty("reload").GetProperty("loads").GetInt32());
        // Every replica of a published set shows the same version: the published manifest's digest, not the cache's path.
        Assert.Equal(ArtifactStore.LocalManifestDigest(next)[..ServingSetHost.VersionLength], host.Artifacts.Version);
    }

    [Fact]
    public async Task AMissingSetIsAClearLoadErrorNotACrash()
    {
        server.Require();
        var url = $"s3://{LocalS3Server.Bucket}/serve/nothing-{Guid.NewGuid():N}";

        await using var host = await ServiceHost.StartAsync(Settings(url, "00:00:00"), expectLoaded: false);

        var ready = await host.Client.GetJsonAsync("/health/ready", System.Net.HttpStatusCode.ServiceUnavailable);
        Assert.Contains("no artifact set was published", ready.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
