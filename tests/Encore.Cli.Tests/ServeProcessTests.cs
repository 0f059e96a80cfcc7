using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Encore.Cli.Tests;

/// <summary>
/// <c>encore serve</c> as its own process, stopped the way a supervisor stops it: SIGTERM ends it promptly and cleanly
/// also while its first load is stuck (it used to wait for a load that never ended, and only SIGKILL stopped it).
/// </summary>
public sealed class ServeProcessTests
{
    // Generous for a loaded 2-core machine; a stuck process would wait out the S3 client's 100 s timeout and retries.
    private static readonly TimeSpan s_exit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SigtermStopsServeWhileItsFirstLoadIsStuck()
    {
        var ct = TestContext.Current.CancellationToken;
        // An "S3 endpoint" that accepts connections and never answers: the fetch of the set hangs.
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                accepted.Add(await blackHole.AcceptSocketAsync(ct));
            }
        }, ct);

        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "encore"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["serve", "--artifacts", "s3://stuck/set", "--urls", "http://127.0.0.1:0",
                     $"--Artifacts:S3:EndpointUrl=http://127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port}",
                     "--Artifacts:S3:Region=us-east-1", $"--Artifacts:CacheDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))}"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "encore-test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "encore-test";
        using var serve = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        serve.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (line.Contains("listening on", StringComparison.Ordinal))
                {
                    listening.TrySetResult();
                }
            }
        };
        serve.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            // The load is under way once the fetch has connected to the black hole.
            var deadline = Stopwatch.StartNew();
            while (accepted.Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, ct);
            }

            Assert.NotEmpty(accepted);
            Assert.Equal(0, Kill(serve.Id, "TERM"));
            var stopped = Stopwatch.StartNew();
            await serve.WaitForExitAsync(ct).WaitAsync(s_exit, ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"exited {stopped.Elapsed.TotalMilliseconds:F0} ms after SIGTERM");
            Assert.True(serve.ExitCode == 0, $"exit code {serve.ExitCode}: {string.Join(Environment.NewLine, output)}");
            Assert.Contains(output, line => line.Contains("Stopped before the artifacts loaded", StringComparison.Ordinal));
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill(entireProcessTree: true);
            }

            blackHole.Stop();
            foreach (var socket in accepted)
            {
                socket.Dispose();
            }

            await Task.WhenAny(accepting);
        }
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
