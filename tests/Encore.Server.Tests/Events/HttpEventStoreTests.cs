using System.Diagnostics;
using Encore.Server.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Encore.Server.Tests.Events;

/// <summary>How the HTTP client behaves when the events service misbehaves: every failure is one clear exception.</summary>
public sealed class HttpEventStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStoppedPeerMakesReadsAndWritesUnavailableQuickly()
    {
        await using var peer = EventsPeer.Start();
        await using var services = HttpEventStoreContractTests.Services(peer.BaseUrl);
        var store = services.GetRequiredService<IEventStore>();
        await store.AddAsync(1, new UserEvent(5, default), Ct);
        await peer.StopAsync();

        await AssertUnavailableAsync(async () => await store.AddAsync(1, new UserEvent(6, default), Ct), peer.BaseUrl + "put");
        await AssertUnavailableAsync(async () => await store.GetAsync(1, 3, Ct), peer.BaseUrl + "get");
    }

    [Fact]
    public async Task ReadsAreRetriedAfterTransientFailures()
    {
        await using var peer = EventsPeer.Start();
        await using var services = HttpEventStoreContractTests.Services(peer.BaseUrl);
        var store = services.GetRequiredService<IEventStore>();
        await store.AddAsync(1, new UserEvent(5, default), Ct);
        peer.FailNext("/get", 2);

        Assert.Equal([5L], (await store.GetAsync(1, 3, Ct)).Select(e => e.ItemId));
        Assert.Equal(3, peer.Requests("/get"));
    }

    [Fact]
    public async Task WritesAreNeverRetriedSoAListenIsNotRecordedTwice()
    {
        await using var peer = EventsPeer.Start();
        await using var services = HttpEventStoreContractTests.Services(peer.BaseUrl);
        var store = services.GetRequiredService<IEventStore>();
        peer.FailNext("/put", 1);

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(
            async () => await store.AddAsync(1, new UserEvent(5, default), Ct));
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, peer.Requests("/put"));
        Assert.Empty(await store.GetAsync(1, 3, Ct));
    }

    [Fact]
    public async Task AStalledPeerTimesOutWithinTheTotalTimeout()
    {
        await using var peer = EventsPeer.Start();
        await using var services = HttpEventStoreContractTests.Services(
            peer.BaseUrl, 10, ("AttemptTimeout", "00:00:00.2"), ("TotalTimeout", "00:00:00.5"));
        var store = services.GetRequiredService<IEventStore>();
        peer.StallReads = TimeSpan.FromSeconds(30);

        await AssertUnavailableAsync(async () => await store.GetAsync(1, 3, Ct), peer.BaseUrl + "get");
    }

    [Fact]
    public async Task ABaseUrlWithAPathKeepsItWithOrWithoutATrailingSlash()
    {
        await using var peer = EventsPeer.Start(pathPrefix: "/events");
        Assert.DoesNotContain("/events/", peer.BaseUrl.AbsoluteUri, StringComparison.Ordinal);
        await using var services = HttpEventStoreContractTests.Services(peer.BaseUrl);
        var store = services.GetRequiredService<IEventStore>();

        await store.AddAsync(1, new UserEvent(5, default), Ct);
        Assert.Equal([5L], (await store.GetAsync(1, 3, Ct)).Select(e => e.ItemId));
        Assert.Equal(1, peer.Requests("/events/put"));
    }

    private static async Task AssertUnavailableAsync(Func<Task> call, string url)
    {
        var elapsed = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(call);
        // The stalled peer holds a read for 30 s: failing well before that shows the 0.5 s total timeout applied,
        // with room for a loaded 2-core machine.
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), $"the failure took {elapsed.Elapsed}");
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }
}
