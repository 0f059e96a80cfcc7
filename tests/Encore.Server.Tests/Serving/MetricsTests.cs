using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Encore.Core.Artifacts;

namespace Encore.Server.Tests.Serving;

/// <summary>/metrics: Encore's artifact gauges, and none of the runtime's internal families.</summary>
public sealed partial class MetricsTests : IDisposable
{
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public async Task MetricsCarryNoInternalDiagnosticsFamiliesButKeepProcessAndRequestMetrics()
    {
        // A real port: the transport and its meters are the ones a deployed replica has.
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"], realPort: true);
        await host.Client.PostAsync("/recommendations_default?k=2");

        var metrics = await host.Client.GetStringAsync(new Uri("metrics", UriKind.Relative), Ct);

        Assert.DoesNotContain("private_internaldiagnostics", metrics, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("msquic", metrics, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("# TYPE process_cpu_seconds_total", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE encore_artifact_loads_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheVersionGaugeIsTheLoadedSetsManifestDigestAndFollowsAReload()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"]);
        var first = host.Artifacts.Version;
        Assert.Equal(ManifestVersion(), first);
        Assert.Equal([first!], await VersionsOnMetricsAsync(host, [first!]));

        TinyArtifacts.Write(_artifacts.Directory, [200, 201]);
        await host.Client.PostAsync("/admin/reload");

        var second = host.Artifacts.Version;
        Assert.Equal(ManifestVersion(), second);
        Assert.NotEqual(first, second);
        Assert.Equal([second!], await VersionsOnMetricsAsync(host, [first!, second!]));
    }

    [Fact]
    public async Task ArtifactAgeAndLoadOutcomesAreOnMetrics()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"]);

        var metrics = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);

        // Age is time() minus the trained timestamp; other hosts in this process share the registry, so only the families are checked.
        Assert.Contains("# TYPE encore_artifact_set_trained_timestamp_seconds gauge", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE encore_artifact_set_loaded_timestamp_seconds gauge", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE encore_artifact_loads_total counter", metrics, StringComparison.Ordinal);
    }

    private string ManifestVersion() =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_artifacts.Directory, ArtifactFiles.Manifest))))[..12];

    /// <summary>Which of <paramref name="candidates"/> /metrics shows as <c>encore_artifact_set_info{version=…} 1</c> (other tests' hosts add their own).</summary>
    private static async Task<string[]> VersionsOnMetricsAsync(ServiceHost host, string[] candidates)
    {
        var metrics = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);
        return [.. InfoLine().Matches(metrics).Select(m => m.Groups[1].Value).Where(candidates.Contains)];
    }

    [GeneratedRegex("""^encore_artifact_set_info\{version="([0-9a-z]+)"\} 1$""", RegexOptions.Multiline)]
    private static partial Regex InfoLine();
}
