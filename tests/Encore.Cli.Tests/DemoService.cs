using Encore.Cli.Commands;
using Encore.Core.Data.Generation;

namespace Encore.Cli.Tests;

/// <summary>
/// <c>encore demo</c> on a tiny generated dataset, serving on a free loopback port for the tests of a class; disposing
/// it cancels the demo as Ctrl+C does and waits for it to stop.
/// </summary>
public sealed class DemoService : IAsyncLifetime
{
    /// <summary>Pipeline settings that keep training to a second.</summary>
    public static readonly string[] FastPipeline =
    [
        "train.als.factors=4", "train.als.iterations=2", "train.als.threads=2", "prepare.threads=2",
        "ranker.model.trees=20", "ranker.model.threads=1",
    ];

    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private Task<int>? _demo;

    public string Url { get; private set; } = "";

    public string Root => _directory.Path;

    /// <summary>What the demo printed so far.</summary>
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

    public static DemoSettings Settings(string root, int port = 0) =>
        new(root, new GeneratorOptions { Users = 800, Tracks = 1_500, Seed = 5 }, FastPipeline, Serve: true, port);

    public async ValueTask InitializeAsync()
    {
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = TextWriter.Synchronized(_output);
        var cli = new CliContext(output, output, _stop.Token);
        _demo = Task.Run(() => DemoCommand.Run(cli, Settings(Root), addresses => ready.TrySetResult(addresses[0])));
        var first = await Task.WhenAny(ready.Task, _demo, Task.Delay(TimeSpan.FromMinutes(3)));
        if (first != ready.Task)
        {
            throw new InvalidOperationException($"The demo did not start serving:\n{Output}");
        }

        Url = await ready.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_demo is not null)
        {
            await _demo.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _stop.Dispose();
        _directory.Dispose();
    }
}
