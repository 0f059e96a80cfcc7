using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Encore.Server.Events;

/// <summary>Checks the "Events" section; each message names the option by its configuration path and the bad value.</summary>
public sealed class EventStoreOptionsValidator : IValidateOptions<EventStoreOptions>
{
    /// <summary>The largest <see cref="EventStoreOptions.Capacity"/>: the in-memory store allocates it per user.</summary>
    public const int MaxCapacity = 1000;

    /// <summary>The largest <see cref="MemoryEventStoreOptions.MaxListeners"/>: a billion listeners would need hundreds of GB.</summary>
    public const int MaxListeners = 100_000_000;

    private static readonly TimeSpan s_maxTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, EventStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string Prefix = EventStoreOptions.Section + ":";
        if (options.Store is not (EventStoreOptions.MemoryStore or EventStoreOptions.RedisStore or EventStoreOptions.HttpStore))
        {
            errors.Add($"{Prefix}Store must be {EventStoreOptions.MemoryStore}, {EventStoreOptions.RedisStore} or {EventStoreOptions.HttpStore}; got '{options.Store}'.");
        }

        if (options.Capacity is < 1 or > MaxCapacity)
        {
            errors.Add($"{Prefix}Capacity must be between 1 and {MaxCapacity}; got {options.Capacity}.");
        }

        if (options.Store == EventStoreOptions.MemoryStore && options.Memory.MaxListeners is < 1 or > MaxListeners)
        {
            errors.Add($"{Prefix}Memory:MaxListeners must be between 1 and {MaxListeners}; got {options.Memory.MaxListeners}.");
        }

        if (options.Store == EventStoreOptions.RedisStore)
        {
            ValidateRedis(options.Redis, Prefix + "Redis:", errors);
        }
        else if (options.Store == EventStoreOptions.HttpStore)
        {
            ValidateHttp(options.Http, Prefix + "Http:", errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateRedis(RedisEventStoreOptions redis, string prefix, List<string> errors)
    {
        try
        {
            if (ConfigurationOptions.Parse(redis.ConnectionString ?? "").EndPoints.Count == 0)
            {
                errors.Add($"{prefix}ConnectionString must name at least one host:port; got '{redis.ConnectionString}'.");
            }
        }
        catch (ArgumentException e)
        {
            errors.Add($"{prefix}ConnectionString is not a Redis configuration string ('{redis.ConnectionString}'): {e.Message}");
        }

        if (string.IsNullOrEmpty(redis.KeyPrefix))
        {
            errors.Add($"{prefix}KeyPrefix must not be empty: bare user ids as keys would collide with anything else on the server.");
        }

        if (redis.Ttl is { } ttl && ttl <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}Ttl must be positive, or empty for no expiry; got {ttl}.");
        }

        ValidateTimeout(redis.ConnectTimeout, prefix + "ConnectTimeout", errors);
        ValidateTimeout(redis.OperationTimeout, prefix + "OperationTimeout", errors);
    }

    private static void ValidateHttp(HttpEventStoreOptions http, string prefix, List<string> errors)
    {
        if (http.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{prefix}BaseUrl must be an absolute http(s) URL of the events service; got '{http.BaseUrl}'.");
        }

        ValidateTimeout(http.AttemptTimeout, prefix + "AttemptTimeout", errors);
        ValidateTimeout(http.TotalTimeout, prefix + "TotalTimeout", errors);
        if (http.TotalTimeout < http.AttemptTimeout)
        {
            errors.Add($"{prefix}TotalTimeout ({http.TotalTimeout}) must be at least {prefix}AttemptTimeout ({http.AttemptTimeout}).");
        }

        if (http.ReadRetries is < 0 or > 10)
        {
            errors.Add($"{prefix}ReadRetries must be between 0 and 10; got {http.ReadRetries}.");
        }
    }

    private static void ValidateTimeout(TimeSpan value, string option, List<string> errors)
    {
        if (value < TimeSpan.FromMilliseconds(1) || value > s_maxTimeout)
        {
            errors.Add($"{option} must be between 1 ms and {s_maxTimeout}; got {value}.");
        }
    }
}
