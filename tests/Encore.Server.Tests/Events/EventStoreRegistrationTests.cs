using Encore.Server.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Encore.Server.Tests.Events;

public sealed class EventStoreRegistrationTests
{
    [Fact]
    public void WithoutSettingsTheStoreIsInMemoryAndKeepsTen()
    {
        using var services = Services();

        var store = services.GetRequiredService<IEventStore>();
        var memory = Assert.IsType<InMemoryEventStore>(store);
        Assert.Equal(10, store.Capacity);
        Assert.Equal(MemoryEventStoreOptions.DefaultMaxListeners, memory.MaxListeners);
        Assert.Same(store, services.GetRequiredService<IEventStore>());
        var redis = services.GetRequiredService<IOptions<EventStoreOptions>>().Value.Redis;
        Assert.Equal(("127.0.0.1:6379", "encore:events:", TimeSpan.FromDays(30)), (redis.ConnectionString, redis.KeyPrefix, redis.Ttl));
    }

    [Fact]
    public void TheInMemoryBoundOnListenersIsBoundFromConfigurationAndValidated()
    {
        using var bounded = Services(("Memory:MaxListeners", "1000"));
        Assert.Equal(1000, Assert.IsType<InMemoryEventStore>(bounded.GetRequiredService<IEventStore>()).MaxListeners);

        using var invalid = Services(("Memory:MaxListeners", "0"));
        var error = Assert.Throws<OptionsValidationException>(invalid.GetRequiredService<IEventStore>);
        Assert.Equal(["Events:Memory:MaxListeners must be between 1 and 100000000; got 0."], error.Failures);

        // Checked only when the memory store is chosen, as the other stores' sections are.
        using var redis = Services(("Store", "redis"), ("Memory:MaxListeners", "0"), ("Redis:ConnectTimeout", "00:00:00.2"),
            ("Redis:ConnectionString", $"127.0.0.1:{RedisServer.FreePort()}"));
        Assert.IsType<RedisEventStore>(redis.GetRequiredService<IEventStore>());
    }

    [Fact]
    public void RedisIsChosenByConfigurationEvenWhileRedisIsDown()
    {
        using var services = Services(
            ("Store", "redis"), ("Capacity", "25"),
            ("Redis:ConnectionString", $"127.0.0.1:{RedisServer.FreePort()}"), ("Redis:ConnectTimeout", "00:00:00.2"));

        var store = Assert.IsType<RedisEventStore>(services.GetRequiredService<IEventStore>());
        Assert.Equal(25, store.Capacity);
    }

    [Fact]
    public void AnEmptyTtlMeansNoExpiry()
    {
        using var services = Services(("Store", "redis"), ("Redis:Ttl", ""));

        Assert.Null(services.GetRequiredService<IOptions<EventStoreOptions>>().Value.Redis.Ttl);
    }

    [Fact]
    public async Task InvalidSettingsStopTheHostWithMessagesNamingEachOption()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(Settings([("Store", "mongo"), ("Capacity", "0")]));
        builder.Services.AddEventStore(builder.Configuration);
        using var host = builder.Build();

        // The host reports each failed validation (it may run one more than once) inside an AggregateException.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));
        var failures = (error is AggregateException all ? all.InnerExceptions : [error])
            .SelectMany(e => Assert.IsType<OptionsValidationException>(e).Failures)
            .Distinct();
        Assert.Equal(
            ["Events:Store must be memory, redis or http; got 'mongo'.", "Events:Capacity must be between 1 and 1000; got 0."],
            failures);
    }

    [Fact]
    public void RedisSettingsAreCheckedOnlyWhenRedisIsChosen()
    {
        (string, string)[] badRedis = [("Redis:KeyPrefix", ""), ("Redis:Ttl", "-00:00:01"), ("Redis:OperationTimeout", "00:00:00")];
        using var memory = Services(badRedis);
        Assert.IsType<InMemoryEventStore>(memory.GetRequiredService<IEventStore>());

        using var redis = Services([("Store", "redis"), .. badRedis]);
        var error = Assert.Throws<OptionsValidationException>(redis.GetRequiredService<IEventStore>);
        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Events:Redis:KeyPrefix must not be empty", StringComparison.Ordinal));
        Assert.Contains("Events:Redis:Ttl must be positive, or empty for no expiry; got -00:00:01.", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Events:Redis:OperationTimeout must be between", StringComparison.Ordinal));
    }

    [Fact]
    public void TheHttpStoreNeedsAnAbsoluteBaseUrlAndConsistentTimeouts()
    {
        using var services = Services(("Store", "http"), ("Http:AttemptTimeout", "00:00:05"), ("Http:TotalTimeout", "00:00:01"));

        var error = Assert.Throws<OptionsValidationException>(services.GetRequiredService<IEventStore>);
        Assert.Contains("Events:Http:BaseUrl must be an absolute http(s) URL of the events service; got ''.", error.Failures);
        Assert.Contains("Events:Http:TotalTimeout (00:00:01) must be at least Events:Http:AttemptTimeout (00:00:05).", error.Failures);
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings) =>
        new ServiceCollection()
            .AddEventStore(new ConfigurationBuilder().AddInMemoryCollection(Settings(settings)).Build())
            .BuildServiceProvider();

    private static IEnumerable<KeyValuePair<string, string?>> Settings((string Key, string Value)[] settings) =>
        settings.Select(s => KeyValuePair.Create($"Events:{s.Key}", (string?)s.Value));
}
