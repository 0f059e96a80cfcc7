using System.Diagnostics;
using System.Globalization;
using Encore.Server.Tests.Fuzz;

// Encore.ChaosFuzz --url URL --key KEY [--seed N] [--seconds S] [--requests N] [--connections C]
// Sends fuzzed requests (RequestFuzzer) to a running service from C connections until S seconds or N requests have
// passed, judges each answer (FuzzOracle) and prints the counts; exit 1 when any answer was wrong.
var options = Options.Parse(args);
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, AllowAutoRedirect = false })
{
    BaseAddress = options.Url,
    Timeout = TimeSpan.FromSeconds(30),
};
var statuses = new long[600];
long requests = 0, wrong = 0, transport = 0;
var examples = new System.Collections.Concurrent.ConcurrentQueue<string>();
var clock = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(options.Seconds);

// Each connection has its own generator, seeded from the run's seed, so a run replays with the same seed.
await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(worker => Task.Run(async () =>
{
    var fuzzer = new RequestFuzzer(options.Seed + worker, options.Key);
    // With one connection, the request before a transport error is the one that left the connection broken.
    var previous = "";
    while (clock.Elapsed < deadline && Interlocked.Increment(ref requests) <= options.Requests)
    {
        var request = fuzzer.Next();
        try
        {
            using var message = request.ToMessage();
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            previous = $"{status} {response.Headers.Connection} <- {request}";
            Interlocked.Increment(ref statuses[Math.Clamp(status, 0, statuses.Length - 1)]);
            if (FuzzOracle.Judge(request, status, response.Content.Headers.ContentType?.MediaType, body) is { } why)
            {
                Interlocked.Increment(ref wrong);
                Keep($"{request}\n    {why}: {(body.Length > 300 ? body[..300] : body)}");
            }
        }
        catch (HttpRequestException e)
        {
            // The server may close a connection on a request it refuses before the client has sent all of it.
            Interlocked.Increment(ref transport);
            Keep($"{request}\n    transport: {e.Message} {e.InnerException?.GetType().Name}: {e.InnerException?.Message}\n    after this worker's previous request (on the same connection only with --connections 1): {previous}");
        }
    }
})));

var sent = Math.Min(requests, options.Requests);
var seconds = clock.Elapsed.TotalSeconds;
var fives = statuses.Skip(500).Sum();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"seed {options.Seed}, {options.Connections} connections, {sent:N0} requests in {seconds:F0} s ({sent / seconds:N0}/s)"));
Console.WriteLine("statuses: " + string.Join(", ", statuses.Select((n, s) => (n, s)).Where(p => p.n > 0).Select(p => $"{p.s}: {p.n:N0}")));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"5xx: {fives:N0}; wrong answers (5xx, or a 4xx that is not problem+json naming what was wrong): {wrong:N0}; transport errors: {transport:N0}"));
foreach (var example in examples)
{
    Console.WriteLine(example);
}

return wrong == 0 && transport == 0 ? 0 : 1;

void Keep(string example)
{
    if (examples.Count < 10)
    {
        examples.Enqueue(example);
    }
}

internal sealed record Options(Uri Url, string Key, int Seed, double Seconds, long Requests, int Connections)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Value(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        return new Options(
            new Uri(Value("--url", "http://127.0.0.1:8078")),
            Value("--key", ""),
            int.Parse(Value("--seed", "1"), CultureInfo.InvariantCulture),
            double.Parse(Value("--seconds", "60"), CultureInfo.InvariantCulture),
            long.Parse(Value("--requests", long.MaxValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
            int.Parse(Value("--connections", "4"), CultureInfo.InvariantCulture));
    }
}
