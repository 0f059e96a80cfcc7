[assembly: AssemblyFixture(typeof(Encore.Server.Tests.Events.RedisFixture))]

namespace Encore.Server.Tests.Events;

/// <summary>
/// The Redis the tests share: ENCORE_TEST_REDIS (host:port, as .ci/run exports) when set, otherwise a redis-server
/// this fixture starts on a free port, otherwise none, and the tests that need it are skipped (or fail in CI).
/// Tests isolate themselves by key prefix, so a shared server is fine.
/// </summary>
public sealed class RedisFixture : IDisposable
{
    private readonly RedisServer? _server;
    private readonly string? _missingReason;

    public RedisFixture()
    {
        var external = Environment.GetEnvironmentVariable("ENCORE_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(external))
        {
            Endpoint = external.Trim();
        }
        else if (RedisServer.MissingReason is { } reason)
        {
            _missingReason = reason;
        }
        else
        {
            _server = RedisServer.Start();
            Endpoint = _server.Endpoint;
        }
    }

    private string? Endpoint { get; }

    /// <summary>The server's host:port; skips (or fails) the calling test when there is none.</summary>
    public string RequireEndpoint()
    {
        if (Endpoint is null)
        {
            Integration.Unavailable(_missingReason!);
        }

        return Endpoint!;
    }

    public void Dispose() => _server?.Dispose();
}
