using System.ComponentModel;
using System.Diagnostics;
using Amazon.S3;
using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

/// <summary>
/// A local S3-compatible server for the integration tests: the one at ENCORE_TEST_S3_URL (.ci/run starts it), else
/// .ci/s3rver started here when node and its npm install are present. Without either, tests that call
/// <see cref="Require"/> are skipped with the reason, or fail when ENCORE_REQUIRE_INTEGRATION=1 (CI).
/// </summary>
public sealed class LocalS3Server : IAsyncLifetime
{
    /// <summary>The bucket the tests publish to; each test uses its own prefix.</summary>
    public const string Bucket = "encore-test";

    /// <summary>s3rver's built-in account.</summary>
    public const string AccessKey = "S3RVER";

    private Process? _process;
    private TempDirectory? _data;
    private string? _unavailable;

    /// <summary>The server's URL; null when there is none.</summary>
    public string? Endpoint { get; private set; }

    /// <summary>Client options for the server, with small parts so that tests exercise multipart uploads.</summary>
    public S3StoreOptions Options => new()
    {
        EndpointUrl = Endpoint,
        Region = "us-east-1",
        AccessKeyId = AccessKey,
        SecretAccessKey = AccessKey,
        PartSizeBytes = 1 << 20,
    };

    /// <summary>Skips (or, under ENCORE_REQUIRE_INTEGRATION=1, fails) the calling test when there is no server.</summary>
    public void Require()
    {
        if (Endpoint is not null)
        {
            return;
        }

        var reason = $"no local S3 server: {_unavailable}";
        if (Environment.GetEnvironmentVariable("ENCORE_REQUIRE_INTEGRATION") == "1")
        {
            Assert.Fail($"{reason} (ENCORE_REQUIRE_INTEGRATION=1)");
        }

        Assert.Skip(reason);
    }

    /// <summary>A raw client, for tests that tamper with objects behind the store's back.</summary>
    public AmazonS3Client RawClient() => new(
        AccessKey, AccessKey,
        new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
        });

    public async ValueTask InitializeAsync()
    {
        Endpoint = Environment.GetEnvironmentVariable("ENCORE_TEST_S3_URL") is { Length: > 0 } url ? url : await StartAsync();
        if (Endpoint is null)
        {
            return;
        }

        using var client = RawClient();
        try
        {
            await client.PutBucketAsync(Bucket);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        _data?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string?> StartAsync()
    {
        var root = Repository.FindRoot();
        var script = root is null ? null : Path.Combine(root, ".ci", "s3rver", "start.js");
        if (script is null || !Directory.Exists(Path.Combine(root!, ".ci", "s3rver", "node_modules", "@20minutes", "s3rver")))
        {
            _unavailable = "ENCORE_TEST_S3_URL is unset and .ci/s3rver is not installed (npm ci --prefix .ci/s3rver)";
            return null;
        }

        _data = new TempDirectory();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, "0", _data.Path, Bucket })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            _unavailable = $"ENCORE_TEST_S3_URL is unset and node cannot be started ({e.Message})";
            return null;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        const string Ready = "s3rver listening on ";
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(Ready, StringComparison.Ordinal))
                {
                    // Drain the rest so that a full pipe never blocks the server.
                    _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = _process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return line[Ready.Length..];
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        _process.Kill(entireProcessTree: true);
        _unavailable = $"node {script} did not report that it listens: {await _process.StandardError.ReadToEndAsync(CancellationToken.None)}";
        _process.Dispose();
        _process = null;
        return null;
    }
}
