using System.Net;
using System.Text.Json;
using Encore.Cli.Commands;

namespace Encore.Cli.Tests;

/// <summary><c>encore serve</c> in-process on a free port until disposed (as Ctrl+C stops it), with a client for it.</summary>
public sealed class InProcessServe : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private Task<int>? _run;

    private InProcessServe()
    {
    }

    /// <summary>A client whose base address is the service.</summary>
    public HttpClient Client { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <exception cref="InvalidOperationException">The service stopped, or did not announce its address within 2 minutes.</exception>
    public static async Task<InProcessServe> StartAsync(ServeSettings settings)
    {
        var serve = new InProcessServe();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = TextWriter.Synchronized(serve._output);
        serve._run = Task.Run(() => ServeCommand.Run(new CliContext(output, output, serve._stop.Token), settings, a => ready.TrySetResult(a[0])));
        var first = await Task.WhenAny(ready.Task, serve._run, Task.Delay(TimeSpan.FromMinutes(2), Ct));
        if (first != ready.Task)
        {
            await serve.DisposeAsync();
            throw new InvalidOperationException($"serve did not start: {(serve._run.IsFaulted ? serve._run.Exception : serve._output)}");
        }

        serve.Client.BaseAddress = new Uri(await ready.Task);
        return serve;
    }

    /// <summary>GET <paramref name="path"/>, which must answer 200, as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        Client.Dispose();
        _stop.Dispose();
    }
}
