using System.Net;
using Encore.Server.Tests.Events;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Chaos;

/// <summary>
/// The service over a redis-server of the test's own (loopback, free port) while concurrent clients use every events
/// and recommendation endpoint, and Redis is killed, hung (SIGSTOP) or restarted. Whatever Redis does: no 500, writes
/// answer 503 with a body that names nothing internal, recommendations are served (degraded) throughout, the same
/// service works again once Redis is back, and every write it acknowledged is read back. The longer version, minutes
/// and many more requests, is bench/chaos/redis-chaos.sh.
/// </summary>
public sealed class RedisChaosTests : IDisposable
{
    private const int Workers = 8;

    // Each wait is for an event (enough answers of a kind); these only bound a broken run on a loaded machine.
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public Task RedisKilledUnderLoadGivesNo500AndLosesNoAcknowledgedWriteWithAppendFsyncAlways() =>
        RunAsync(appendFsync: "always", server => server.Stop(), server => server.Restart());

    [Fact]
    public Task RedisHungBySigstopUnderLoadGivesNo500AndLosesNoAcknowledgedWrite() =>
        RunAsync(appendFsync: null, server => server.Pause(), server => server.Resume());

    [Fact]
    public Task RedisRestartedUnderLoadGivesNo500AndLosesNoAcknowledgedWriteWithAppendFsyncAlways() =>
        RunAsync(appendFsync: "always", server => server.Shutdown(), server => server.Restart());

    private async Task RunAsync(string? appendFsync, Action<RedisServer> fault, Action<RedisServer> heal)
    {
        if (RedisServer.MissingReason is { } reason)
        {
            Integration.Unavailable(reason);
        }

        using var server = RedisServer.Start(appendFsync);
        await using var host = await ServiceHost.StartAsync(
        [
            $"Artifacts:Location={_artifacts.Directory}", "Events:Store=redis", $"Events:Redis:ConnectionString={server.Endpoint}",
            "Events:Redis:ConnectTimeout=00:00:00.500", "Events:Redis:OperationTimeout=00:00:00.500",
        ]);
        await using var load = ChaosLoad.Start(host.Client, Workers);
        var output = TestContext.Current.TestOutputHelper;

        await load.WaitUntilAsync("acknowledged writes before the fault", r => Count(r, ChaosPhase.Before, IsWrite, IsSuccess) >= 50, s_patience);
        load.Phase = ChaosPhase.Fault;
        fault(server);
        try
        {
            await load.WaitUntilAsync(
                "503s to writes and degraded recommendations during the fault",
                r => Count(r, ChaosPhase.Fault, IsWrite, s => s == HttpStatusCode.ServiceUnavailable) >= 5
                     && r.Any(x => x.Phase == ChaosPhase.Fault && x.Degraded),
                s_patience);
        }
        finally
        {
            heal(server);
        }

        load.Phase = ChaosPhase.After;
        await load.WaitUntilAsync("acknowledged writes after Redis came back", r => Count(r, ChaosPhase.After, IsWrite, IsSuccess) >= 50, s_patience);
        await load.StopAsync();
        output?.WriteLine(load.Summary());

        var responses = load.Responses;
        var unexpected = responses.Where(r => r.Status is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable)).ToList();
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} answers other than 200, 201 or 503, e.g. {unexpected.FirstOrDefault()}; {load.Summary()}");
        // Recommendations never depend on Redis being up: never a 503, degraded instead.
        Assert.All(responses.Where(r => r.Endpoint.Contains("recommendations", StringComparison.Ordinal)), r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var leaky = responses.FirstOrDefault(r => r.Status == HttpStatusCode.ServiceUnavailable && !TellsNothingInternal(r.Body, server));
        Assert.True(leaky is null, $"A 503 body names internals or not the store: {leaky?.Body}");

        // Every write the service acknowledged is there: read back through the same service, without restarting it.
        var missing = new List<long>();
        foreach (var (user, item) in load.Acknowledged)
        {
            if (!(await host.Client.PostAsync($"/get?user_id={user}")).Ids("events").Contains(item))
            {
                missing.Add(user);
            }
        }

        output?.WriteLine($"{load.Acknowledged.Count} acknowledged writes, {missing.Count} missing");
        Assert.True(missing.Count == 0, $"{missing.Count} of {load.Acknowledged.Count} acknowledged writes are gone, e.g. listener {missing.FirstOrDefault()}");
    }

    private static bool TellsNothingInternal(string body, RedisServer server) =>
        body.Contains("events store is unavailable", StringComparison.Ordinal)
        && !((string[])[$"{server.Port}", "127.0.0.1", "LRANGE", "EVAL", "encore:events", "StackExchange", "IOCP", "WORKER", "Redis"])
            .Any(secret => body.Contains(secret, StringComparison.OrdinalIgnoreCase));

    private static bool IsWrite(ChaosResponse response) => response.Endpoint is "seed /put" or "rest POST events";

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    private static int Count(IEnumerable<ChaosResponse> responses, ChaosPhase phase, Func<ChaosResponse, bool> endpoint, Func<HttpStatusCode, bool> status) =>
        responses.Count(r => r.Phase == phase && endpoint(r) && status(r.Status));
}
