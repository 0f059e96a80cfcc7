using System.Collections.Concurrent;
using System.Diagnostics;
using Encore.Server.Tests.Events;

namespace Encore.Server.Tests.Fleet;

/// <summary>
/// HAProxy (Debian's package) in the foreground on bench/fleet/haproxy.cfg, the file the fleet bench and
/// docs/deploy.md use, with its ports from the environment; killed on Dispose, so a failing test leaves none behind.
/// </summary>
internal sealed class HAProxy : IDisposable
{
    private const string Binary = "haproxy";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HAProxy(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Where it listens: the fleet's front door.</summary>
    public int Port { get; }

    /// <summary>The reason it cannot run here, or null when haproxy is on PATH.</summary>
    public static string? MissingReason { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, Binary)))
            ? null
            : $"{Binary} is not on PATH (apt-get install haproxy)";

    /// <summary>What it printed (its log: server state changes, failed requests).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts it in front of the three replica ports.</summary>
    public static HAProxy Start(int replica1, int replica2, int replica3)
    {
        var port = RedisServer.FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-db", "-f", Path.Combine(Repository.Root, "bench", "fleet", "haproxy.cfg")])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FLEET_LB_PORT"] = $"{port}";
        start.Environment["FLEET_STATS_PORT"] = $"{RedisServer.FreePort()}";
        start.Environment["FLEET_ADMIN_PORT"] = $"{RedisServer.FreePort()}";
        start.Environment["FLEET_R1_PORT"] = $"{replica1}";
        start.Environment["FLEET_R2_PORT"] = $"{replica2}";
        start.Environment["FLEET_R3_PORT"] = $"{replica3}";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Binary}.");
        var proxy = new HAProxy(process, port);
        DataReceivedEventHandler keep = (_, line) =>
        {
            if (line.Data is { } data)
            {
                proxy._output.Enqueue(data);
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return proxy;
    }

    /// <summary>True once it exited (a configuration it refused, a port in use).</summary>
    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.Dispose();
    }
}
