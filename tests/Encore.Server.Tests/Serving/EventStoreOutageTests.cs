using System.Net;
using System.Net.Http.Json;
using Encore.Server.Tests.Events;

namespace Encore.Server.Tests.Serving;

/// <summary>The service over Redis: shared events when it is up; 503 on writes and offline recommendations on reads when it is down.</summary>
public sealed class EventStoreOutageTests(RedisFixture redis) : IDisposable
{
    private static readonly long[] s_heard = [50];
    private static readonly long[] s_similarTo50 = [60, 61, 10];
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public async Task TwoReplicasShareOneRedisSoAListenOnOneShowsInTheOthersRecommendations()
    {
        var endpoint = redis.RequireEndpoint();
        string[] settings =
        [
            $"Artifacts:Location={_artifacts.Directory}", "Events:Store=redis", $"Events:Redis:ConnectionString={endpoint}",
            $"Events:Redis:KeyPrefix=replicas-{Guid.NewGuid():N}:",
        ];
        await using var first = await ServiceHost.StartAsync(settings);
        await using var second = await ServiceHost.StartAsync(settings);

        await first.Client.PostAsync("/put?user_id=1&item_id=50");
        await first.Client.PostAsync("/put?user_id=1&item_id=51");

        Assert.Equal(new long[] { 10L, 62, 11, 60, 12, 61, 13, 63, 14 }, (await second.Client.PostAsync("/recommendations?user_id=1&k=10")).Ids("recs"));
    }

    [Fact]
    public async Task TheServiceConnectsToRedisWhenItStartsNotOnTheFirstRequest()
    {
        // Connecting on the first request raced the handshake: the first writes after a start answered 503.
        if (RedisServer.MissingReason is { } reason)
        {
            Integration.Unavailable(reason);
        }

        using var server = RedisServer.Start();
        await using var raw = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(server.Endpoint + ",allowAdmin=true");
        var alone = await ConnectedClientsAsync(raw, server.Endpoint);

        await using var host = await ServiceHost.StartAsync(
            [$"Artifacts:Location={_artifacts.Directory}", "Events:Store=redis", $"Events:Redis:ConnectionString={server.Endpoint}"]);

        Assert.True(await ConnectedClientsAsync(raw, server.Endpoint) > alone, "no connection from the service before its first request");
    }

    [Fact]
    public async Task WithRedisDownWritesAnswer503AndReadsServeOfflineRecommendations()
    {
        var deadPort = RedisServer.FreePort();
        await using var host = await ServiceHost.StartAsync(
        [
            $"Artifacts:Location={_artifacts.Directory}", "Events:Store=redis", $"Events:Redis:ConnectionString=127.0.0.1:{deadPort}",
            "Events:Redis:ConnectTimeout=00:00:00.200", "Events:Redis:OperationTimeout=00:00:00.200",
        ]);

        var problem = await host.Client.PostAsync("/put?user_id=1&item_id=50", HttpStatusCode.ServiceUnavailable);
        Assert.StartsWith("The events store is unavailable", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var rest = await host.Client.PostAsJsonAsync("/v1/users/1/events", new { item_id = 50 }, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rest.StatusCode);

        Assert.Equal(new long[] { 10L, 11, 12, 13, 14 }, (await host.Client.PostAsync("/recommendations?user_id=1&k=10")).Ids("recs"));
        Assert.Empty((await host.Client.PostAsync("/recommendations_online?user_id=1")).Ids("recs"));
        Assert.True((await host.Client.GetJsonAsync("/v1/users/1/recommendations")).GetProperty("degraded").GetBoolean());
        await host.Client.PostAsync("/get?user_id=1", HttpStatusCode.ServiceUnavailable);
        Assert.Equal(3, (await host.Client.GetJsonAsync("/stats")).GetProperty("counters").GetProperty("degraded_events").GetInt64());
    }

    [Fact]
    public async Task The503BodyNamesNoEndpointCommandKeyOrClientInternals()
    {
        // What the body carried before: "Redis at 127.0.0.1:port is unavailable ... LRANGE encore:events:1 ...
        // (StackExchange.Redis/2.x, IOCP: ..., WORKER: ...)".
        var deadPort = RedisServer.FreePort();
        await using var host = await ServiceHost.StartAsync(
        [
            $"Artifacts:Location={_artifacts.Directory}", "Events:Store=redis", $"Events:Redis:ConnectionString=127.0.0.1:{deadPort}",
            "Events:Redis:ConnectTimeout=00:00:00.200", "Events:Redis:OperationTimeout=00:00:00.200",
        ]);

        using var write = await host.Client.PostAsync("/put?user_id=1&item_id=50", null, Ct);
        using var read = await host.Client.PostAsync("/get?user_id=1", null, Ct);
        using var rest = await host.Client.GetAsync("/v1/users/1/events", Ct);

        foreach (var response in (HttpResponseMessage[])[write, read, rest])
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("events store is unavailable", body, StringComparison.Ordinal);
            foreach (var secret in (string[])[$"{deadPort}", "127.0.0.1", "LRANGE", "EVAL", "encore:events", "StackExchange", "IOCP", "WORKER", "inst:", "Redis"])
            {
                Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task AForeignValueUnderThePrefixIsSkippedAndCountedAndTheListenersEventsStillServe()
    {
        var endpoint = redis.RequireEndpoint();
        var prefix = $"foreign-{Guid.NewGuid():N}:";
        await using var host = await ServiceHost.StartAsync(
            [$"Artifacts:Location={_artifacts.Directory}", "Events:Store=redis", $"Events:Redis:ConnectionString={endpoint}", $"Events:Redis:KeyPrefix={prefix}"]);
        await host.Client.PostAsync("/put?user_id=777&item_id=50");
        await using (var raw = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(endpoint))
        {
            await raw.GetDatabase().ListRightPushAsync(prefix + "777", "abc");
        }

        Assert.Equal(s_heard, (await host.Client.PostAsync("/get?user_id=777")).Ids("events"));
        Assert.Equal(s_similarTo50, (await host.Client.PostAsync("/recommendations_online?user_id=777&k=3")).Ids("recs"));
        var rest = await host.Client.GetJsonAsync("/v1/users/777/recommendations?kind=online&k=3");
        Assert.False(rest.GetProperty("degraded").GetBoolean());
        Assert.Equal(3, (await host.Client.GetJsonAsync("/stats")).GetProperty("counters").GetProperty("events_undecodable_values").GetInt64());
        using var metrics = await host.Client.GetAsync("/metrics", Ct);
        Assert.Matches(@"(?m)^encore_events_undecodable_values_total [1-9]", await metrics.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task TheInMemoryStoreKeepsAtMostMaxListenersAndReportsEvictions()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Events:Memory:MaxListeners=2"]);
        foreach (var user in (int[])[1, 2, 3, 4])
        {
            await host.Client.PostAsync($"/put?user_id={user}&item_id=50");
        }

        Assert.Empty((await host.Client.PostAsync("/get?user_id=1")).Ids("events"));
        Assert.Equal(s_heard, (await host.Client.PostAsync("/get?user_id=4")).Ids("events"));
        Assert.Equal(2, (await host.Client.GetJsonAsync("/stats")).GetProperty("counters").GetProperty("events_evicted_listeners").GetInt64());
        using var metrics = await host.Client.GetAsync("/metrics", Ct);
        Assert.Matches(@"(?m)^encore_events_evicted_listeners_total [1-9]", await metrics.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<long> ConnectedClientsAsync(StackExchange.Redis.ConnectionMultiplexer raw, string endpoint)
    {
        var info = await raw.GetServer(endpoint).InfoAsync("clients");
        return long.Parse(
            info.SelectMany(group => group).Single(pair => pair.Key == "connected_clients").Value,
            System.Globalization.CultureInfo.InvariantCulture);
    }
}
