using System.Net.Http.Json;
using System.Text.Json;
using Encore.Cli;
using Encore.Cli.Commands;
using Encore.Core.Data.Generation;
using Encore.Server;
using Microsoft.Playwright;

namespace Encore.Explorer.Tests;

/// <summary>
/// What the browser tests of a class share: <c>encore demo --no-serve</c> on a small generated set, then
/// <c>encore serve</c> on its artifacts on a free loopback port with the API key on, and headless Chromium from
/// Debian's package driven by Playwright. Without a browser the set is not even built: the tests skip with the
/// reason, or fail under ENCORE_REQUIRE_INTEGRATION=1 (CI, where .ci/run installs chromium).
/// </summary>
public sealed class ExplorerService : IAsyncLifetime
{
    /// <summary>The service's API key: the page must ask for it before it can post an event.</summary>
    public const string ApiKey = "explorer-test-key";

    /// <summary>Debian's chromium (the build Playwright 1.64.1 expects); ENCORE_TEST_CHROMIUM names another.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("ENCORE_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] s_fastPipeline =
    [
        "train.als.factors=8", "train.als.iterations=5", "train.als.threads=2", "prepare.threads=2",
        "ranker.model.trees=20", "ranker.model.threads=1",
    ];

    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private IPlaywright? _playwright;
    private Task<int>? _serve;

    /// <summary>Why the tests cannot run, or null.</summary>
    public string? Unavailable { get; private set; }

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The service's base URL, without a trailing slash.</summary>
    public string Url { get; private set; } = "";

    /// <summary>A client of the service (no API key).</summary>
    public HttpClient Api { get; } = new();

    /// <summary>What the demo and the service printed.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Unavailable = $"{ChromiumPath} not found: install Debian's chromium and fonts-liberation (apt-get install -y chromium fonts-liberation)";
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });

        var output = TextWriter.Synchronized(_output);
        var cli = new CliContext(output, output, _stop.Token);
        var root = _directory.Path;
        await Task.Run(() => DemoCommand.Run(cli, new DemoSettings(
            root, new GeneratorOptions { Users = 600, Tracks = 1_200, Seed = 7 }, s_fastPipeline, Serve: false, Port: 0)));

        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _serve = Task.Run(() => ServeCommand.Run(
            cli,
            new ServeSettings(Path.Combine(root, "artifacts"), null, "http://127.0.0.1:0", ServerOptions.AllRoles,
                [$"--Server:ApiKey={ApiKey}", $"--Explorer:ReportDirectory={Path.Combine(root, "report")}"]),
            addresses => ready.TrySetResult(addresses[0])));
        var first = await Task.WhenAny(ready.Task, _serve, Task.Delay(TimeSpan.FromMinutes(3)));
        if (first != ready.Task)
        {
            throw new InvalidOperationException($"encore serve did not start serving:\n{Output}");
        }

        Url = (await ready.Task).TrimEnd('/');
        Api.BaseAddress = new Uri(Url + "/");
    }

    /// <summary>Skips (or fails, in CI) the calling test when there is no browser.</summary>
    public void RequireBrowser()
    {
        if (Unavailable is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("ENCORE_REQUIRE_INTEGRATION") == "1")
        {
            Assert.Fail($"{Unavailable} (ENCORE_REQUIRE_INTEGRATION=1 requires it)");
        }

        Assert.Skip(Unavailable);
    }

    /// <summary>A fresh page (its own context, so its own sessionStorage) with generous waits for a loaded machine.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>A listener the set has personal recommendations for.</summary>
    public async Task<long> RandomListenerAsync() =>
        (await GetAsync("/v1/users/random")).GetProperty("user_id").GetInt64();

    /// <summary>The names the page should show for a list, as the API gives them.</summary>
    public static string[] Names(JsonElement items) =>
        [.. items.EnumerateArray().Select(i => i.TryGetProperty("name", out var name) ? name.GetString()! : $"track {i.GetProperty("item_id").GetInt64()}")];

    public async Task<JsonElement> GetAsync(string path) =>
        await Api.GetFromJsonAsync<JsonElement>(path.TrimStart('/'), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_serve is not null)
        {
            await _serve.WaitAsync(TimeSpan.FromSeconds(30));
        }

        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }

        Api.Dispose();
        _stop.Dispose();
        _directory.Dispose();
    }
}
