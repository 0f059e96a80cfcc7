using System.Globalization;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Fuzz;

/// <summary>
/// Fuzzes both APIs on <see cref="TinyArtifacts"/> in-process (issue 12's chaos suite): at least 10,000 generated
/// malformed requests, none answered 5xx, every 4xx problem+json naming what the request got wrong. Each run takes a
/// new seed and names it on failure; ENCORE_FUZZ_SEED replays one, ENCORE_FUZZ_REQUESTS changes the count.
/// bench/chaos/fuzz.sh runs the same generator for minutes against a real <c>encore serve</c>.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private const string Key = "fuzz-key";
    private const int MaxReported = 10;

    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public async Task TenThousandMalformedRequestsGetNo5xxAndEvery4xxIsProblemJsonNamingWhatWasWrong()
    {
        var seed = Setting("ENCORE_FUZZ_SEED") ?? Random.Shared.Next();
        var count = Setting("ENCORE_FUZZ_REQUESTS") ?? 10_000;
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", $"Server:ApiKey={Key}"]);

        var fuzzer = new RequestFuzzer(seed, Key);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            var request = fuzzer.Next();
            using var message = request.ToMessage();
            using var response = await host.Client.SendAsync(message, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (FuzzOracle.Judge(request, status, response.Content.Headers.ContentType?.MediaType, body) is { } wrong
                && failures.Count < MaxReported)
            {
                failures.Add($"#{i}: {request}\n    {wrong}: {(body.Length > 400 ? body[..400] : body)}");
            }
        }

        var summary = string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"));
        Assert.True(failures.Count == 0,
            $"Fuzz seed {seed} (replay with ENCORE_FUZZ_SEED={seed}), {count} requests ({summary}); first failures:\n{string.Join("\n", failures)}");
        // The generator reaches every kind of answer, or the suite proves less than it says.
        Assert.True(statuses.Keys.Intersect([200, 201, 400, 401, 404, 405, 413, 414, 415, 431]).Count() == 10, $"seed {seed}: {summary}");
    }

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
