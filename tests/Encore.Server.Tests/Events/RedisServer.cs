using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Encore.Server.Tests.Events;

/// <summary>
/// A throwaway redis-server on 127.0.0.1 (no persistence unless asked for an AOF), killed on Stop or Dispose, so a
/// failing test still leaves no server behind. The chaos tests also hang it (SIGSTOP) and shut it down cleanly.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private const string Binary = "redis-server";
    private readonly TempDirectory _dir = new();
    private readonly string? _appendFsync;
    private Process? _process;

    private RedisServer(int port, string? appendFsync)
    {
        Port = port;
        _appendFsync = appendFsync;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The reason no server can be started here, or null when redis-server is on PATH.</summary>
    public static string? MissingReason { get; } = FindOnPath(Binary) is null
        ? $"{Binary} is not on PATH and ENCORE_TEST_REDIS is not set (apt-get install redis-server)"
        : null;

    /// <summary>Starts a server on a free port and waits until it accepts connections.</summary>
    /// <param name="appendFsync">Null for no persistence, or an AOF with this appendfsync ("always", "everysec"),
    /// kept across <see cref="Stop"/> and <see cref="Restart"/>.</param>
    public static RedisServer Start(string? appendFsync = null)
    {
        var server = new RedisServer(FreePort(), appendFsync);
        try
        {
            server.Restart();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same port: an outage ends.</summary>
    public void Restart()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The server is running.");
        }

        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] persistence = _appendFsync is null ? ["--appendonly", "no"] : ["--appendonly", "yes", "--appendfsync", _appendFsync];
        foreach (var argument in (string[])["--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", .. persistence, "--dir", _dir.Path, "--loglevel", "warning"])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Binary}.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    /// <summary>Kills the server: an outage begins.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

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
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): it keeps its connections open and answers nothing, as a hung host does.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused server run again (SIGCONT); it then answers what was sent meanwhile.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Stops the server as an operator does (SIGTERM: it finishes its AOF and exits); <see cref="Restart"/> starts it again.</summary>
    public void Shutdown()
    {
        if (_process is null)
        {
            return;
        }

        Signal("TERM");
        if (!_process.WaitForExit(10_000))
        {
            throw new InvalidOperationException($"{Binary} on port {Port} did not exit within 10 s of SIGTERM.");
        }

        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        _dir.Dispose();
    }

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"{Binary} on port {Port} exited with code {_process.ExitCode}.");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }
        }
    }

    private void Signal(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        using var kill = Process.Start("kill", [$"-{signal}", $"{process.Id}"]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} exited with {kill.ExitCode}.");
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
