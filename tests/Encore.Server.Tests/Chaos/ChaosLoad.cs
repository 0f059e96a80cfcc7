using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Encore.Server.Tests.Chaos;

/// <summary>When a response was received, relative to the fault the test injects.</summary>
internal enum ChaosPhase
{
    Before,
    Fault,
    After,
}

/// <summary>One answered request, with the phase it was sent in.</summary>
internal sealed record ChaosResponse(string Endpoint, ChaosPhase Phase, HttpStatusCode Status, bool Degraded, string Body);

/// <summary>
/// Concurrent clients of the service, each looping over its events and recommendation endpoints: the seed's
/// <c>/put</c>, <c>/get</c> and <c>/recommendations</c>, and the REST <c>POST</c>/<c>GET /v1/users/{id}/events</c> and
/// <c>GET /v1/users/{id}/recommendations</c>. Every write goes to a listener of its own, so that each acknowledged write
/// can be read back exactly afterwards (the store keeps only the newest few per listener). Every response is recorded
/// with the phase it was received in.
/// </summary>
internal sealed class ChaosLoad : IAsyncDisposable
{
    private const long FirstUser = 5_000_000;
    private static readonly long[] s_items = [50, 51, 52];

    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ChaosResponse> _responses = new();
    private readonly ConcurrentDictionary<long, long> _acknowledged = new();
    private readonly Task[] _workers;
    private long _nextUser = FirstUser;
    private volatile ChaosPhase _phase = ChaosPhase.Before;

    private ChaosLoad(HttpClient client, int workers)
    {
        _client = client;
        _workers = [.. Enumerable.Range(0, workers).Select(worker => Task.Run(() => RunAsync(worker)))];
    }

    /// <summary>The phase responses received from now on are recorded in.</summary>
    public ChaosPhase Phase
    {
        get => _phase;
        set => _phase = value;
    }

    public IReadOnlyCollection<ChaosResponse> Responses => _responses;

    /// <summary>Acknowledged writes: listener → the item it played (one write per listener).</summary>
    public IReadOnlyDictionary<long, long> Acknowledged => _acknowledged;

    public static ChaosLoad Start(HttpClient client, int workers) => new(client, workers);

    /// <summary>Waits until <paramref name="condition"/> holds over the responses so far; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(string what, Func<IReadOnlyCollection<ChaosResponse>, bool> condition, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition(_responses))
        {
            if (waited.Elapsed > timeout)
            {
                Assert.Fail($"Gave up after {timeout} waiting for {what}; {Summary()}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Stops the clients and waits for their last requests.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    /// <summary>Counts by endpoint, phase and status, for failure messages and the test output.</summary>
    public string Summary() => string.Join(", ", _responses
        .GroupBy(r => (r.Endpoint, r.Phase, r.Status))
        .OrderBy(g => g.Key.Endpoint, StringComparer.Ordinal).ThenBy(g => g.Key.Phase).ThenBy(g => g.Key.Status)
        .Select(g => $"{g.Key.Endpoint} {g.Key.Phase} {(int)g.Key.Status}: {g.Count()}"));

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(int worker)
    {
        for (var round = 0; !_stop.IsCancellationRequested; round++)
        {
            try
            {
                await (((round + worker) % 6) switch
                {
                    0 => WriteAsync(rest: false),
                    1 => WriteAsync(rest: true),
                    2 => ReadAsync("seed /get", $"/get?user_id={RecentUser()}", HttpMethod.Post),
                    3 => ReadAsync("rest GET events", $"/v1/users/{RecentUser()}/events", HttpMethod.Get),
                    4 => ReadAsync("seed /recommendations", $"/recommendations?user_id={RecentUser()}&k=10", HttpMethod.Post),
                    _ => ReadAsync("rest GET recommendations", $"/v1/users/{RecentUser()}/recommendations?k=10", HttpMethod.Get),
                });
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(bool rest)
    {
        var user = Interlocked.Increment(ref _nextUser);
        var item = s_items[user % s_items.Length];
        var phase = _phase;
        using var response = rest
            ? await _client.PostAsJsonAsync($"/v1/users/{user}/events", new { item_id = item }, _stop.Token)
            : await _client.PostAsync(new Uri($"/put?user_id={user}&item_id={item}", UriKind.Relative), null, _stop.Token);
        var body = await response.Content.ReadAsStringAsync(_stop.Token);
        if (response.IsSuccessStatusCode)
        {
            _acknowledged[user] = item;
        }

        Record(rest ? "rest POST events" : "seed /put", phase, response.StatusCode, degraded: false, body);
    }

    private async Task ReadAsync(string endpoint, string url, HttpMethod method)
    {
        var phase = _phase;
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        using var response = await _client.SendAsync(request, _stop.Token);
        var body = await response.Content.ReadAsStringAsync(_stop.Token);
        Record(endpoint, phase, response.StatusCode, response.IsSuccessStatusCode && IsDegraded(body), body);
    }

    private void Record(string endpoint, ChaosPhase sent, HttpStatusCode status, bool degraded, string body) =>
        _responses.Enqueue(new ChaosResponse(endpoint, sent, status, degraded, body));

    private static bool IsDegraded(string body)
    {
        if (!body.StartsWith('{'))
        {
            return false;
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("degraded", out var flag) && flag.GetBoolean();
    }

    // A listener written to lately, so that reads find events and the online part of recommendations has work to do.
    private long RecentUser() => Math.Max(FirstUser + 1, Interlocked.Read(ref _nextUser) - Random.Shared.Next(20));
}
