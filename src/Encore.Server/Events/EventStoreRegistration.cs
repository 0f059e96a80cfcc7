using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Encore.Server.Events;

/// <summary>Registers the event store chosen by the "Events" configuration section.</summary>
public static class EventStoreRegistration
{
    /// <summary>
    /// Binds and validates <see cref="EventStoreOptions"/> (at start-up when the host validates on start) and
    /// registers the chosen <see cref="IEventStore"/> as a singleton (and the <see cref="EventStoreCounters"/> it reports
    /// to): a bounded set of rings in memory, one Redis
    /// connection, or one resilient client of the events service.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The root configuration; the "Events" section is read.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EventStoreOptions>()
            .Bind(configuration.GetSection(EventStoreOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventStoreOptions>, EventStoreOptionsValidator>());
        services.TryAddSingleton<EventStoreCounters>();

        // Registered whatever the store, but configured (and so validated) only when the http store creates a client.
        services.AddHttpClient(HttpEventStore.ClientName)
            .ConfigureHttpClient((provider, client) =>
                client.BaseAddress = WithTrailingSlash(Options(provider).Http.BaseUrl!))
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) => HttpEventStore.ConfigureResilience(resilience, Options(provider).Http));

        services.TryAddSingleton<IEventStore>(provider =>
        {
            var options = Options(provider);
            var counters = provider.GetRequiredService<EventStoreCounters>();
            return options.Store switch
            {
                EventStoreOptions.RedisStore => RedisEventStore.Connect(options.Redis, options.Capacity, counters),
                EventStoreOptions.HttpStore => new HttpEventStore(provider.GetRequiredService<IHttpClientFactory>(), options.Capacity),
                _ => new InMemoryEventStore(options.Capacity, options.Memory.MaxListeners, counters),
            };
        });
        return services;
    }

    private static EventStoreOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<EventStoreOptions>>().Value;

    // Relative request paths replace the last segment of a base address without one ("http://h/events" + "put" →
    // "http://h/put"), so a base URL with a path prefix keeps it only with the slash.
    private static Uri WithTrailingSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}
