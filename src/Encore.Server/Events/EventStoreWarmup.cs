namespace Encore.Server.Events;

/// <summary>
/// Creates the event store when the host starts instead of on the first request that needs it: the Redis store
/// connects then (bounded by its connect timeout), so the first requests after a start find a connection instead of
/// racing its handshake and answering 503.
/// </summary>
internal sealed class EventStoreWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IEventStore>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
