using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Encore.Core;

namespace Encore.Cli.Client;

/// <summary>
/// A typed client of the Encore service: the seed-compatible API (POST with query parameters, docs/seed.md §6) and
/// the REST API's recommendations with item details. Every failure (the service cannot be reached, no answer in
/// time, a 4xx/5xx answer, a body that is not the expected JSON) is an <see cref="EncoreException"/> whose message
/// names the URL and, for an HTTP error, the service's own explanation.
/// </summary>
public sealed class ServiceClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="baseUrl">The service, e.g. http://127.0.0.1:8000.</param>
    /// <param name="timeout">How long to wait for each answer.</param>
    /// <param name="handler">The HTTP handler; tests pass their own, null uses the default one.</param>
    /// <exception cref="EncoreException"><paramref name="baseUrl"/> is not an absolute http(s) URL.</exception>
    public ServiceClient(string baseUrl, TimeSpan timeout, HttpMessageHandler? handler = null)
    {
        BaseUrl = ParseBaseUrl(baseUrl);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = BaseUrl;
        _http.Timeout = timeout;
    }

    public Uri BaseUrl { get; }

    /// <summary>POST /recommendations_default: the top-<paramref name="k"/> popular tracks.</summary>
    public Task<IReadOnlyList<long>> PopularAsync(int k, CancellationToken cancellationToken = default) =>
        RecsAsync(Query("recommendations_default", ("k", k)), cancellationToken);

    /// <summary>POST /recommendations_offline: personal recommendations, or popular ones for an unknown user.</summary>
    public Task<IReadOnlyList<long>> OfflineAsync(long userId, int k, CancellationToken cancellationToken = default) =>
        RecsAsync(Query("recommendations_offline", ("user_id", userId), ("k", k)), cancellationToken);

    /// <summary>POST /recommendations_online: tracks similar to the user's latest listens.</summary>
    public Task<IReadOnlyList<long>> OnlineAsync(long userId, int k, CancellationToken cancellationToken = default) =>
        RecsAsync(Query("recommendations_online", ("user_id", userId), ("k", k)), cancellationToken);

    /// <summary>POST /recommendations: offline and online blended.</summary>
    public Task<IReadOnlyList<long>> BlendedAsync(long userId, int k, CancellationToken cancellationToken = default) =>
        RecsAsync(Query("recommendations", ("user_id", userId), ("k", k)), cancellationToken);

    /// <summary>POST /put: adds a listen to the user's online history.</summary>
    public async Task AddEventAsync(long userId, long itemId, CancellationToken cancellationToken = default)
    {
        var path = Query("put", ("user_id", userId), ("item_id", itemId));
        using var json = await SendAsync(HttpMethod.Post, path, cancellationToken);
        var result = Property(json.RootElement, "result", path);
        if (result.ValueKind != JsonValueKind.String || result.GetString() != "ok")
        {
            throw new EncoreException($"{Describe(path)}: the service answered result {result.GetRawText()}, not \"ok\".");
        }
    }

    /// <summary>POST /get: the user's latest listens, newest first.</summary>
    public async Task<IReadOnlyList<long>> EventsAsync(long userId, int k, CancellationToken cancellationToken = default)
    {
        var path = Query("get", ("user_id", userId), ("k", k));
        using var json = await SendAsync(HttpMethod.Post, path, cancellationToken);
        return Ids(Property(json.RootElement, "events", path), path);
    }

    /// <summary>
    /// GET /v1/users/{id}/recommendations?kind=…&amp;details=true: the recommended tracks with their names,
    /// artists and genres.
    /// </summary>
    public async Task<IReadOnlyList<TrackDetails>> DetailedAsync(
        long userId, RecommendationKind kind, int k, CancellationToken cancellationToken = default)
    {
        var path = Query(
            $"v1/users/{userId.ToString(CultureInfo.InvariantCulture)}/recommendations",
            ("kind", kind.ToString().ToLowerInvariant()), ("k", k), ("details", "true"));
        using var json = await SendAsync(HttpMethod.Get, path, cancellationToken);
        var items = Property(json.RootElement, "items", path);
        if (items.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected(path, "'items' is not a list");
        }

        var tracks = new List<TrackDetails>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            tracks.Add(TrackDetails.From(item, () => Unexpected(path, $"an item without an id: {item.GetRawText()}")));
        }

        return tracks;
    }

    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<long>> RecsAsync(string path, CancellationToken cancellationToken)
    {
        using var json = await SendAsync(HttpMethod.Post, path, cancellationToken);
        return Ids(Property(json.RootElement, "recs", path), path);
    }

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new EncoreException(
                $"cannot reach the Encore service at {BaseUrl} ({Reason(e)}); start it with 'encore serve' or 'encore demo', or pass --url.", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EncoreException($"{Describe(path)}: no answer within {_http.Timeout.TotalSeconds:0.#} s.", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new EncoreException(
                    $"{method} {Describe(path)}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}{Explanation(body)}");
            }

            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw new EncoreException($"{Describe(path)}: the answer is not JSON ({e.Message}).", e);
            }
        }
    }

    /// <summary>The problem+json detail (or title) of an error answer, so the user sees why, not just the code.</summary>
    private static string Explanation(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                // A detail says it all; a bare title ("One or more validation errors occurred.") needs the errors.
                if (json.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                {
                    return $": {detail.GetString()}";
                }

                if (json.RootElement.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
                {
                    return $": {title.GetString()}{Errors(json.RootElement)}";
                }
            }
        }
        catch (JsonException)
        {
            // Not problem+json: fall through to the raw body, if it is short enough to be a message.
        }

        body = body.Trim();
        return body.Length is > 0 and <= 200 && !body.Contains('\n', StringComparison.Ordinal) ? $": {body}" : ".";
    }

    /// <summary>A validation problem's per-parameter messages, e.g. " (k: must be between 1 and 100)".</summary>
    private static string Errors(JsonElement problem)
    {
        if (!problem.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        var parts = new List<string>();
        foreach (var parameter in errors.EnumerateObject())
        {
            var messages = parameter.Value.ValueKind == JsonValueKind.Array
                ? string.Join("; ", parameter.Value.EnumerateArray().Select(m => m.ToString()))
                : parameter.Value.ToString();
            parts.Add($"{parameter.Name}: {messages}");
        }

        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "unknown host",
            _ => socket.Message,
        },
        { } inner => inner.Message,
        null => e.Message,
    };

    private string Describe(string path) => new Uri(BaseUrl, path).ToString();

    private EncoreException Unexpected(string path, string what) =>
        new($"{Describe(path)}: unexpected answer ({what}); is this an Encore service?");

    private JsonElement Property(JsonElement root, string name, string path) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value)
            ? value
            : throw Unexpected(path, $"no '{name}' field");

    private List<long> Ids(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected(path, "not a list of ids");
        }

        var ids = new List<long>(array.GetArrayLength());
        foreach (var id in array.EnumerateArray())
        {
            ids.Add(id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value)
                ? value
                : throw Unexpected(path, $"{id.GetRawText()} is not an id"));
        }

        return ids;
    }

    private static string Query(string path, params (string Name, object Value)[] parameters) =>
        path + "?" + string.Join('&', parameters.Select(p =>
            $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)}"));

    private static Uri ParseBaseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new EncoreException($"--url: '{url}' is not an http:// or https:// URL.");
        }

        // A base address needs its trailing slash, or relative paths replace its last segment.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}

/// <summary>The kinds of recommendations the REST API serves.</summary>
public enum RecommendationKind
{
    Popular,
    Offline,
    Online,
    Blended,
}

/// <summary>A recommended track as the REST API describes it with <c>details=true</c>.</summary>
public sealed record TrackDetails(long ItemId, string? Name, IReadOnlyList<string> Artists, IReadOnlyList<string> Genres)
{
    internal static TrackDetails From(JsonElement item, Func<Exception> invalid)
    {
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("item_id", out var id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var itemId))
        {
            throw invalid();
        }

        return new TrackDetails(
            itemId,
            item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null,
            Strings(item, "artists"),
            Strings(item, "genres"));
    }

    private static string[] Strings(JsonElement item, string name) =>
        item.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!)]
            : [];
}
