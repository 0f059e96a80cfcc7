using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;

namespace Encore.Cli.Tests;

/// <summary>
/// <c>encore serve --Logging:Console:FormatterName=json</c> as its own process: every line of stdout is one JSON
/// object a log shipper can parse (serve's own announcements included), with a timestamp that has no trailing space.
/// </summary>
public sealed class ServeJsonLogTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WithTheJsonFormatterEveryStdoutLineIsJsonAndServesAnnouncementsAreLogEvents()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        WriteSet(dir.Path);
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "encore")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["serve", "--artifacts", dir.Path, "--urls", "http://127.0.0.1:0",
                     "--Logging:Console:FormatterName=json", "--Server:RequestLog=true"])
        {
            start.ArgumentList.Add(arg);
        }

        using var serve = Process.Start(start)!;
        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requestLogged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        serve.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                stdout.Enqueue(line);
                if (line.Contains("Ready in", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }

                if (line.Contains("/health/ready", StringComparison.Ordinal))
                {
                    requestLogged.TrySetResult();
                }
            }
        };
        serve.ErrorDataReceived += (_, e) => stderr.Enqueue(e.Data ?? "");
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(s_wait, ct);
            var listening = Events(stdout).Single(e => e.GetProperty("Category").GetString() == "Encore.Cli.Serve"
                && e.GetProperty("Message").GetString()!.Contains("listening on", StringComparison.Ordinal));
            var url = listening.GetProperty("State").GetProperty("Addresses").GetString()!.Split(", ")[0];
            using (var client = new HttpClient())
            {
                (await client.GetAsync(new Uri(url + "/health/ready"), ct)).EnsureSuccessStatusCode();
            }

            await requestLogged.Task.WaitAsync(s_wait, ct);
            using (var kill = Process.Start("kill", ["-TERM", serve.Id.ToString(CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync(ct);
            }

            await serve.WaitForExitAsync(ct).WaitAsync(s_wait, ct);
            Assert.True(serve.ExitCode == 0, $"exit code {serve.ExitCode}: {string.Join('\n', stderr)}");
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill(entireProcessTree: true);
            }
        }

        var events = Events(stdout);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', stdout));
        Assert.All(events, e =>
        {
            var timestamp = e.GetProperty("Timestamp").GetString()!;
            Assert.Equal(timestamp.Trim(), timestamp);
            Assert.True(DateTimeOffset.TryParseExact(timestamp, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), timestamp);
        });
        Assert.Contains(events, e => e.GetProperty("Message").GetString() == "Stopped.");
        var request = events.Single(e => e.GetProperty("Category").GetString() == "Encore.Server.Operations.RequestLog");
        var fields = request.GetProperty("State");
        Assert.Equal(("GET", "/health/ready", 200), (fields.GetProperty("Method").GetString(), fields.GetProperty("Path").GetString(), fields.GetProperty("Status").GetInt32()));
        Assert.Equal("unversioned", fields.GetProperty("Version").GetString());
    }

    /// <summary>Every stdout line, each parsed as one JSON object (a plain line fails the test here).</summary>
    private static List<JsonElement> Events(IEnumerable<string> lines) =>
        [.. lines.Where(line => line.Length > 0).Select(line =>
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"Not a JSON line: '{line}' ({e.Message})");
            }
        })];

    /// <summary>The smallest set serve loads: one user's list, a chart, one similar pair and the catalogue, without a manifest.</summary>
    private static void WriteSet(string directory)
    {
        using var session = new DuckDbSession(threads: 1);
        session.Execute($"COPY (SELECT 1::INTEGER AS user_id, 5000::INTEGER AS item_id, 1.0::DOUBLE AS score, 1::INTEGER AS rank) TO {Sql.Literal(Path.Combine(directory, ArtifactFiles.PersonalAls))} (FORMAT parquet)");
        session.Execute($"COPY (SELECT 1::INTEGER AS rank, 5000::INTEGER AS item_id) TO {Sql.Literal(Path.Combine(directory, ArtifactFiles.TopPopular))} (FORMAT parquet)");
        session.Execute($"""
            COPY (SELECT 5000::INTEGER AS item_id_1, 5001::INTEGER AS item_id_2, 0.5::DOUBLE AS score, 1::INTEGER AS rank)
            TO {Sql.Literal(Path.Combine(directory, ArtifactFiles.Similar))} (FORMAT parquet)
            """);
        session.Execute($"""
            COPY (SELECT 5000::INTEGER AS item_id, 'Five thousand' AS name, ['A'] AS artists, ['rock'] AS genres)
            TO {Sql.Literal(Path.Combine(directory, ArtifactFiles.Catalog))} (FORMAT parquet)
            """);
    }
}
