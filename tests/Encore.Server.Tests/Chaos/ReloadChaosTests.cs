using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Chaos;

/// <summary>
/// Reloads of each kind of broken set while requests run: no request fails, the old set keeps serving, the error
/// (naming the file, never where it lives) shows in /health/ready, /stats, the reload answer and /metrics, and the
/// next good set loads. A first load of a broken set ends "failed" instead of "loading" forever.
/// </summary>
public sealed partial class ReloadChaosTests : IDisposable
{
    private static readonly int[] s_nextChart = [200, 201, 202, 203];
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<ArtifactDamage> Damages => [.. Enum.GetValues<ArtifactDamage>()];

    public void Dispose() => _artifacts.Dispose();

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task AReloadOfABrokenSetUnderLoadFailsNoRequestReportsTheFileAndTheNextGoodSetLoads(ArtifactDamage damage)
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"]);
        var failuresBefore = await FailedLoadsMetricAsync(host.Client);
        var badFile = DamagedArtifactSets.Apply(damage, _artifacts.Directory);

        using var stop = new CancellationTokenSource();
        var load = new RequestLoad(host.Client);
        var clients = Enumerable.Range(0, 4).Select(_ => load.RunAsync(stop.Token)).ToArray();
        await load.WaitForRequestsAsync(20);
        var problem = await host.Client.PostAsync("/admin/reload", HttpStatusCode.UnprocessableEntity);
        await load.WaitForRequestsAsync(load.Requests + 20);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(load.Failures);
        AssertNamesOnly(problem.GetProperty("detail").GetString(), badFile);
        var ready = await host.Client.GetJsonAsync("/health/ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        AssertNamesOnly(ready.GetProperty("error").GetString(), badFile);
        var reload = (await host.Client.GetJsonAsync("/stats")).GetProperty("reload");
        Assert.Equal(1, reload.GetProperty("failed_loads").GetInt32());
        AssertNamesOnly(reload.GetProperty("last_error").GetString(), badFile);
        Assert.True(await FailedLoadsMetricAsync(host.Client) > failuresBefore, "encore_artifact_loads_total{outcome=\"failed\"} did not grow");
        var stillServed = (await host.Client.PostAsync("/recommendations_offline?user_id=1&k=2")).Ids("recs");
        Assert.Equal([10L, 11], stillServed);

        TinyArtifacts.Write(_artifacts.Directory, s_nextChart);
        Assert.Equal("reloaded", (await host.Client.PostAsync("/admin/reload")).GetProperty("status").GetString());
        var nextChart = (await host.Client.PostAsync("/recommendations_default?k=2")).Ids("recs");
        Assert.Equal([200L, 201], nextChart);
        Assert.False((await host.Client.GetJsonAsync("/health/ready")).TryGetProperty("error", out _));
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task AFirstLoadOfABrokenSetEndsFailedNamingTheFileInsteadOfLoadingForever(ArtifactDamage damage)
    {
        var badFile = DamagedArtifactSets.Apply(damage, _artifacts.Directory);

        await using var host = await ServiceHost.StartAsync(
            [$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"], expectLoaded: false);

        var ready = await host.Client.GetJsonAsync("/health/ready", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("failed", ready.GetProperty("status").GetString());
        AssertNamesOnly(ready.GetProperty("error").GetString(), badFile);
        var reload = (await host.Client.GetJsonAsync("/stats")).GetProperty("reload");
        Assert.Equal(1, reload.GetProperty("failed_loads").GetInt32());
    }

    /// <summary>The error names <paramref name="file"/> and no directory: not the set's, nor any other absolute path.</summary>
    private void AssertNamesOnly(string? error, string file)
    {
        Assert.NotNull(error);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.DoesNotContain(_artifacts.Directory, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), error, StringComparison.Ordinal);
    }

    private static async Task<double> FailedLoadsMetricAsync(HttpClient client)
    {
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);
        var match = FailedLoads().Match(text);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""^encore_artifact_loads_total\{outcome="failed"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex FailedLoads();

    /// <summary>Clients asking for each kind of list in a loop, counting what did not come back 200 with a list.</summary>
    private sealed class RequestLoad(HttpClient client)
    {
        private static readonly string[] s_requests =
        [
            "/recommendations_offline?user_id=1&k=2", "/recommendations_default?k=2", "/recommendations?user_id=2&k=4",
            "/similar_items?item_id=50&k=2",
        ];

        private int _requests;

        public System.Collections.Concurrent.ConcurrentQueue<string> Failures { get; } = new();

        public int Requests => Volatile.Read(ref _requests);

        public async Task RunAsync(CancellationToken stop)
        {
            await Task.Yield();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var url = s_requests[i % s_requests.Length];
                using var response = await client.PostAsync(new Uri(url, UriKind.Relative), null, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK || JsonDocument.Parse(body).RootElement.ValueKind != JsonValueKind.Object)
                {
                    Failures.Enqueue($"{url}: {(int)response.StatusCode} {body}");
                }

                Interlocked.Increment(ref _requests);
            }
        }

        /// <summary>Waits until at least <paramref name="count"/> requests have been answered.</summary>
        public async Task WaitForRequestsAsync(int count)
        {
            while (Requests < count)
            {
                await Task.Delay(10, Ct);
            }
        }
    }
}
