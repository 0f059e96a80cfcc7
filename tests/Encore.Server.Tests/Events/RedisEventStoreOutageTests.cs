using System.Diagnostics;
using Encore.Server.Events;

namespace Encore.Server.Tests.Events;

/// <summary>
/// Redis going away, hanging and coming back, with a redis-server of the test's own (the shared one must stay up):
/// calls fail fast with a message naming the endpoint, and the same store instance recovers without a restart.
/// </summary>
public sealed class RedisEventStoreOutageTests
{
    // The store's timeouts are 1 s (a hung Redis is noticed within 1.25 s: the timeout is checked every 250 ms).
    // A store that fell back to the client library's 5 s timeouts would take 5 s or more; the bound sits just under
    // that, which leaves over 3 s of slack for a loaded 2-core machine.
    private static readonly TimeSpan s_fast = TimeSpan.FromSeconds(4.5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CallsFailFastWhileRedisIsDownAndSucceedAgainWhenItReturns()
    {
        using var server = StartServer();
        await using var store = Connect(server.Endpoint);
        await store.AddAsync(1, new UserEvent(1, DateTimeOffset.UnixEpoch), Ct);

        server.Stop();
        await AssertUnavailableAsync(async () => await store.AddAsync(1, new UserEvent(2, DateTimeOffset.UnixEpoch), Ct), server.Endpoint);
        await AssertUnavailableAsync(async () => await store.GetAsync(1, 10, Ct), server.Endpoint);

        server.Restart();
        await WaitUntilWritableAsync(store);
        // The server kept nothing (no persistence), so only the write after recovery is there.
        Assert.Equal([3L], (await store.GetAsync(1, 10, Ct)).Select(e => e.ItemId));
    }

    [Fact]
    public async Task AStoreCreatedWhileRedisIsDownStartsWorkingWhenRedisComesUp()
    {
        using var server = StartServer();
        server.Stop();

        var connecting = Stopwatch.StartNew();
        await using var store = Connect(server.Endpoint);
        Assert.True(connecting.Elapsed < s_fast, $"connecting to a dead Redis took {connecting.Elapsed}");
        await AssertUnavailableAsync(async () => await store.GetAsync(1, 10, Ct), server.Endpoint);

        server.Restart();
        await WaitUntilWritableAsync(store);
        Assert.Equal([3L], (await store.GetAsync(1, 10, Ct)).Select(e => e.ItemId));
    }

    [Fact]
    public async Task CallsToAHungRedisFailAsUnavailableWithinTheTimeoutAndSucceedOnceItResumes()
    {
        // SIGSTOP keeps the connection open and answers nothing: the client times out (RedisTimeoutException, a
        // TimeoutException and no RedisException), which the store used to let through (a 500 in the service).
        using var server = StartServer();
        await using var store = Connect(server.Endpoint);
        await store.AddAsync(1, new UserEvent(1, DateTimeOffset.UnixEpoch), Ct);

        server.Pause();
        try
        {
            await AssertUnavailableAsync(async () => await store.GetAsync(1, 10, Ct), server.Endpoint);
            await AssertUnavailableAsync(async () => await store.AddAsync(1, new UserEvent(2, DateTimeOffset.UnixEpoch), Ct), server.Endpoint);
        }
        finally
        {
            server.Resume();
        }

        await WaitUntilWritableAsync(store);
        // The timed-out write reached Redis and ran when it resumed: a 503 means "maybe not recorded", never "lost".
        Assert.Equal([3L, 2, 1], (await store.GetAsync(1, 10, Ct)).Select(e => e.ItemId));
    }

    private static RedisServer StartServer()
    {
        if (RedisServer.MissingReason is { } reason)
        {
            Integration.Unavailable(reason);
        }

        return RedisServer.Start();
    }

    private static RedisEventStore Connect(string endpoint) =>
        RedisEventStore.Connect(new RedisEventStoreOptions { ConnectionString = endpoint, KeyPrefix = "outage:" }, capacity: 10);

    private static async Task AssertUnavailableAsync(Func<Task> call, string endpoint)
    {
        var elapsed = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(call);
        TestContext.Current.TestOutputHelper?.WriteLine($"unavailable after {elapsed.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed.Elapsed < s_fast, $"the failure took {elapsed.Elapsed}");
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilWritableAsync(RedisEventStore store)
    {
        var recovery = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await store.AddAsync(1, new UserEvent(3, DateTimeOffset.UnixEpoch), Ct);
                TestContext.Current.TestOutputHelper?.WriteLine($"writable again after {recovery.Elapsed.TotalMilliseconds:F0} ms");
                return;
            }
            catch (EventStoreUnavailableException) when (recovery.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100, Ct);
            }
        }
    }
}
