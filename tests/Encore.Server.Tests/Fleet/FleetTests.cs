using System.Net;
using System.Net.Http.Json;
using Encore.Server.Operations;
using Encore.Server.Tests.Events;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Fleet;

/// <summary>
/// The fleet of docs/deploy.md in small: three replicas sharing one Redis behind HAProxy on bench/fleet/haproxy.cfg.
/// Answers name the replica and the artifact version, an event written through the balancer is read through every
/// replica, and a stopped replica costs no request. (bench/fleet/run.sh measures the same under load.)
/// </summary>
public sealed class FleetTests : IDisposable
{
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public async Task ThroughHAProxyAnswersNameReplicaAndVersionEventsAreSharedAndAStoppedReplicaCostsNoRequest()
    {
        foreach (var reason in (string?[])[RedisServer.MissingReason, HAProxy.MissingReason])
        {
            if (reason is not null)
            {
                Integration.Unavailable(reason);
            }
        }

        using var redis = RedisServer.Start("everysec");
        string[] settings =
        [
            $"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false", "Events:Store=redis",
            $"Events:Redis:ConnectionString={redis.Endpoint}", $"Events:Redis:KeyPrefix=fleet-{Guid.NewGuid():N}:",
        ];
        await using var r1 = await ServiceHost.StartAsync(settings, realPort: true);
        await using var r2 = await ServiceHost.StartAsync(settings, realPort: true);
        await using var r3 = await ServiceHost.StartAsync(settings, realPort: true);
        using var proxy = HAProxy.Start(r1.BaseUrl.Port, r2.BaseUrl.Port, r3.BaseUrl.Port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Port}/") };
        var version = r1.Artifacts.Version;
        Assert.NotNull(version);

        // Round robin over three servers that start UP: six answers name every replica, each with the set's version.
        var replicas = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await SendWhenListeningAsync(client, proxy);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([version], response.Headers.GetValues(ArtifactVersionHeader.HeaderName));
            replicas.Add(Assert.Single(response.Headers.GetValues("X-Encore-Replica")));
        }

        Assert.Equal(["r1", "r2", "r3"], replicas.Distinct().Order());

        using (var written = await client.PostAsJsonAsync("/v1/users/77/events", new { item_id = 50 }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        }

        foreach (var replica in (ServiceHost[])[r1, r2, r3])
        {
            var events = await replica.Client.GetJsonAsync("/v1/users/77/events");
            Assert.Equal([50L], events.ItemIds("events"));
        }

        // A replica stops: a request HAProxy sends to it finds the port closed and is sent to another one
        // (retries with redispatch), so no request fails, whether or not the checks have taken it out yet.
        await r2.StopAsync();
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.PostAsync("/recommendations_offline?user_id=1&k=2", null, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i} after the stop: {(int)response.StatusCode}\n{proxy.Output}");
            Assert.NotEqual("r2", Assert.Single(response.Headers.GetValues("X-Encore-Replica")));
        }
    }

    /// <summary>The first request, once HAProxy listens (it starts in a few milliseconds; bounded, and a refused configuration fails at once).</summary>
    private static async Task<HttpResponseMessage> SendWhenListeningAsync(HttpClient client, HAProxy proxy)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            Assert.False(proxy.HasExited, $"haproxy exited:\n{proxy.Output}");
            try
            {
                return await client.PostAsync("/recommendations_offline?user_id=1&k=2", null, Ct);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Ct);
            }
        }
    }
}
