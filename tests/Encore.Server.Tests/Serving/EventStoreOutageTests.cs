using System.Net;
using System.Net.Http.Json;
using Encore.Server.Tests.Events;

namespace Encore.Server.Tests.Serving;

/// <summary>The service over Redis: shared events when it is up; 503 on writes and offline recommendations on reads when it is down.</summary>
public sealed class EventStoreOutageTests(RedisFixture redis) : IDisposable
{
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
    public async Task WithRedisDownWritesAnswer503AndReadsServeOfflineRecommendations()
    {
        var deadPort = RedisServer.FreePort();
        await using var host = await ServiceHost.StartAsync(
        [
            $"Artifacts:Location={_artifacts.Directory}", "Events:Store=redis", $"Events:Redis:ConnectionString=127.0.0.1:{deadPort}",
            "Events:Redis:ConnectTimeout=00:00:00.200", "Events:Redis:OperationTimeout=00:00:00.200",
        ]);

        var problem = await host.Client.PostAsync("/put?user_id=1&item_id=50", HttpStatusCode.ServiceUnavailable);
        Assert.Contains($"127.0.0.1:{deadPort}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var rest = await host.Client.PostAsJsonAsync("/v1/users/1/events", new { item_id = 50 }, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rest.StatusCode);

        Assert.Equal(new long[] { 10L, 11, 12, 13, 14 }, (await host.Client.PostAsync("/recommendations?user_id=1&k=10")).Ids("recs"));
        Assert.Empty((await host.Client.PostAsync("/recommendations_online?user_id=1")).Ids("recs"));
        Assert.True((await host.Client.GetJsonAsync("/v1/users/1/recommendations")).GetProperty("degraded").GetBoolean());
        await host.Client.PostAsync("/get?user_id=1", HttpStatusCode.ServiceUnavailable);
        Assert.Equal(3, (await host.Client.GetJsonAsync("/stats")).GetProperty("counters").GetProperty("degraded_events").GetInt64());
    }
}
