using Encore.Server.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Encore.Server.Tests.Events;

/// <summary>
/// The contract through the seed's events API: a client registered by AddEventStore against a peer that keeps
/// the events in memory, as the recommendations role sees the events role of a split deployment.
/// </summary>
public sealed class HttpEventStoreContractTests : EventStoreContractTests<HttpEventStore>
{
    protected override bool KeepsTimestamps => false;

    protected override HttpEventStore CreateStore(int capacity)
    {
        var peer = Own(EventsPeer.Start(capacity));
        return (HttpEventStore)Own(Services(peer.BaseUrl, capacity)).GetRequiredService<IEventStore>();
    }

    /// <summary>What the service would build from <c>Events:Store = http</c>.</summary>
    /// <param name="baseUrl">The peer.</param>
    /// <param name="capacity">Events kept per user.</param>
    /// <param name="settings">Further "Events:Http:..." settings, overriding the test defaults.</param>
    internal static ServiceProvider Services(Uri baseUrl, int capacity = 10, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Events:Store"] = "http",
                ["Events:Capacity"] = $"{capacity}",
                ["Events:Http:BaseUrl"] = baseUrl.ToString(),
                // A cold peer's first answer can take over a second on a busy test machine.
                ["Events:Http:AttemptTimeout"] = "00:00:05",
                ["Events:Http:TotalTimeout"] = "00:00:15",
            })
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"Events:Http:{s.Key}", (string?)s.Value)))
            .Build();
        return new ServiceCollection().AddEventStore(configuration).BuildServiceProvider();
    }
}
