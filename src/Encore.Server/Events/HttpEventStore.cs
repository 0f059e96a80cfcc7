using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Encore.Server.Events;

/// <summary>
/// The event store of a split deployment: the events role runs as its own process and this client talks to it over
/// the seed's events API (<c>POST /put?user_id&amp;item_id</c> → <c>{"result":"ok"}</c>,
/// <c>POST /get?user_id&amp;k</c> → <c>{"events":[ids]}</c>), so it also works against the seed's own service.
/// </summary>
/// <remarks>
/// Calls go through the named client <see cref="ClientName"/>, whose standard resilience handler (see
/// <see cref="ConfigureResilience"/>) times out, retries reads and breaks the circuit; every failure that remains
/// surfaces as <see cref="EventStoreUnavailableException"/> naming the peer (for the log). The seed's API carries no timestamps,
/// so events read through it have <see cref="UserEvent.Timestamp"/> = <see langword="default"/>.
/// </remarks>
public sealed class HttpEventStore(IHttpClientFactory clients, int capacity) : IEventStore
{
    /// <summary>The name the client is registered under (see <see cref="EventStoreRegistration"/>).</summary>
    public const string ClientName = "Encore.Events";

    // Marks the requests that may be retried: a put repeated after a lost reply would record the listen twice.
    private static readonly HttpRequestOptionsKey<bool> s_retryable = new("Encore.Events.Retryable");

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public async ValueTask AddAsync(long userId, UserEvent userEvent, CancellationToken cancellationToken = default)
    {
        using var request = Request(FormattableString.Invariant($"put?user_id={userId}&item_id={userEvent.ItemId}"), retryable: false);
        await CallAsync(request, EventStoreOperation.Write, static (_, _) => Task.FromResult(true), cancellationToken);
    }

    public async ValueTask<IReadOnlyList<UserEvent>> GetAsync(long userId, int k, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 0);
        if (k == 0)
        {
            return [];
        }

        using var request = Request(FormattableString.Invariant($"get?user_id={userId}&k={Math.Min(k, Capacity)}"), retryable: true);
        var ids = await CallAsync(request, EventStoreOperation.Read, ReadIdsAsync, cancellationToken);
        var events = new UserEvent[Math.Min(ids.Length, k)];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = new UserEvent(ids[i], default);
        }

        return events;
    }

    /// <summary>
    /// Tunes the standard handler for a peer on the same network: short timeouts, quick retries of reads only, and a
    /// circuit breaker whose sampling window fits the attempt timeout.
    /// </summary>
    /// <param name="resilience">The standard handler's options, as registered.</param>
    /// <param name="options">The "Events:Http" settings.</param>
    public static void ConfigureResilience(HttpStandardResilienceOptions resilience, HttpEventStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(resilience);
        ArgumentNullException.ThrowIfNull(options);
        PeerResilience.Configure(resilience, options.AttemptTimeout, options.TotalTimeout, options.ReadRetries);
        var transient = resilience.Retry.ShouldHandle;
        resilience.Retry.ShouldHandle = args =>
            options.ReadRetries > 0
            && args.Context.GetRequestMessage() is { } request
            && request.Options.TryGetValue(s_retryable, out var retryable) && retryable
                ? transient(args)
                : ValueTask.FromResult(false);
    }

    private static HttpRequestMessage Request(string relativeUri, bool retryable)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(relativeUri, UriKind.Relative));
        request.Options.Set(s_retryable, retryable);
        return request;
    }

    /// <summary>
    /// Sends the request and reads the reply, with the one guard of this store: whatever fails on the way (refused,
    /// timed out, circuit open, an error status, a reply cut short or not the seed's JSON) is the peer being
    /// unavailable, mapped by <see cref="EventStoreFailure"/>.
    /// </summary>
    private async Task<T> CallAsync<T>(
        HttpRequestMessage request, EventStoreOperation operation, Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    FormattableString.Invariant($"It answered {(int)response.StatusCode} {response.ReasonPhrase}."), null, response.StatusCode);
            }

            return await read(response, cancellationToken);
        }
        catch (Exception e) when (EventStoreFailure.IsStoreFailure(e, cancellationToken))
        {
            throw EventStoreFailure.Unavailable($"The events service at {Peer(request)}", operation, e);
        }
    }

    private static async Task<long[]> ReadIdsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var reply = await response.Content.ReadFromJsonAsync<EventsReply>(s_json, cancellationToken);
        return reply?.Events ?? throw new InvalidDataException("It answered /get without an \"events\" list.");
    }

    // HttpClient has made the request's address absolute (base address + path) by the time anything can fail.
    private static string Peer(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Path) : $"{request.RequestUri}";

    private sealed record EventsReply(long[]? Events);
}
