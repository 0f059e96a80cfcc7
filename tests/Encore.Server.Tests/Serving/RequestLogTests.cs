using System.Net;
using Encore.Server.Operations;

namespace Encore.Server.Tests.Serving;

/// <summary>Server:RequestLog: one structured line per request when on, nothing when off (the default).</summary>
public sealed class RequestLogTests : IDisposable
{
    private static readonly string s_category = typeof(RequestLog).FullName!;
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public async Task WhenOnEachRequestLogsMethodPathStatusDurationAndTheArtifactVersion()
    {
        var logs = new CapturedLogs();
        await using var host = await ServiceHost.StartAsync(
            [$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false", "Server:RequestLog=true"], logging: logs);

        await host.Client.PostAsync("/recommendations_offline?user_id=1&k=2");
        await host.Client.GetJsonAsync("/v1/items/424242", HttpStatusCode.NotFound);

        var lines = logs.Events.Where(e => e.Category == s_category).ToList();
        Assert.Equal(2, lines.Count);
        var version = host.Artifacts.Version;
        Assert.NotNull(version);
        Assert.Equal(("POST", "/recommendations_offline", 200, version), Fields(lines[0]));
        Assert.Equal(("GET", "/v1/items/424242", 404, version), Fields(lines[1]));
        Assert.All(lines, line => Assert.InRange((double)line.Fields["DurationMs"]!, 0.0, 60_000.0));
        // The query string (user ids) stays out of the line.
        Assert.DoesNotContain("user_id", lines[0].Message, StringComparison.Ordinal);
        Assert.Contains($"POST /recommendations_offline 200 ", lines[0].Message, StringComparison.Ordinal);
        Assert.EndsWith($" ms artifacts {version}", lines[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByDefaultNoRequestIsLogged()
    {
        var logs = new CapturedLogs();
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"], logging: logs);

        await host.Client.PostAsync("/recommendations_offline?user_id=1&k=2");
        await host.Client.GetJsonAsync("/health/ready");

        Assert.Contains(logs.Events, e => e.Category == typeof(Encore.Server.Serving.ServingSetHost).FullName);
        Assert.DoesNotContain(logs.Events, e => e.Category == s_category);
    }

    private static (string?, string?, int?, string?) Fields(CapturedLog line) =>
        ((string?)line.Fields["Method"], (string?)line.Fields["Path"], (int?)line.Fields["Status"], (string?)line.Fields["Version"]);
}
