using Microsoft.AspNetCore.TestHost;

namespace Encore.Server.Tests.Serving;

/// <summary>Process-wide settings are the serving process's own choice, never a side effect of building the service.</summary>
public sealed class ProcessSettingsTests
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    [Fact]
    public async Task BuildingTheServiceInsideAnotherProcessLeavesTheSocketSettingsOfThatProcessAlone()
    {
        var before = Environment.GetEnvironmentVariable(InlineCompletions);

        await using var app = EncoreServer.Build(["--Server:InlineSocketCompletions=true"], builder => builder.WebHost.UseTestServer());

        // Inline completions run every socket continuation of the process on an epoll thread; a test host (or the
        // demo) that then blocks in one stalls its own sockets.
        Assert.Equal(before, Environment.GetEnvironmentVariable(InlineCompletions));
    }
}
