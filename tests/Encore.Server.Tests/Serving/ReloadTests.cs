using System.Net;
using Encore.Core.Artifacts;

namespace Encore.Server.Tests.Serving;

/// <summary>Hot reload: the new set replaces the old one atomically, requests in flight never fail, a bad set never replaces a good one.</summary>
public sealed class ReloadTests : IDisposable
{
    private static readonly int[] s_newChart = [200, 201, 202, 203];
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public async Task ReloadWhileRequestsAreInFlightFailsNoRequestAndThenServesTheNewSet()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"]);
        TinyArtifacts.Write(_artifacts.Directory, s_newChart);

        using var stop = new CancellationTokenSource();
        var answers = new System.Collections.Concurrent.ConcurrentBag<string>();

        // Waits on the answers themselves (not on sleeps a loaded machine can outrun): an old-set answer before the
        // reload, then a new-set answer after it, with the clients still running throughout.
        var oldAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var newAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var recs = string.Join(",", (await host.Client.PostAsync("/recommendations_default?k=2")).Ids("recs"));
                answers.Add(recs);
                (recs == "200,201" ? newAnswered : oldAnswered).TrySetResult();
            }
        }, Ct)).ToArray();

        var patience = TimeSpan.FromSeconds(60);
        await oldAnswered.Task.WaitAsync(patience, Ct);
        var reload = await host.Client.PostAsync("/admin/reload");
        Assert.Equal("reloaded", reload.GetProperty("status").GetString());
        await newAnswered.Task.WaitAsync(patience, Ct);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Equal(["100,101", "200,201"], answers.Distinct().Order());
        Assert.Equal(new long[] { 200L, 201 }, (await host.Client.PostAsync("/recommendations_default?k=2")).Ids("recs"));
        Assert.Equal(2, (await host.Client.GetJsonAsync("/stats")).GetProperty("reload").GetProperty("loads").GetInt32());
    }

    [Fact]
    public async Task AFailedReloadKeepsTheOldSetServingAndReportsTheError()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"]);
        await File.WriteAllTextAsync(Path.Combine(_artifacts.Directory, ArtifactFiles.PersonalAls), "not parquet", Ct);

        var problem = await host.Client.PostAsync("/admin/reload", HttpStatusCode.UnprocessableEntity);
        Assert.Contains(ArtifactFiles.PersonalAls, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(new long[] { 10L, 11 }, (await host.Client.PostAsync("/recommendations_offline?user_id=1&k=2")).Ids("recs"));
        var ready = await host.Client.GetJsonAsync("/health/ready");
        Assert.Contains(ArtifactFiles.PersonalAls, ready.GetProperty("error").GetString(), StringComparison.Ordinal);
        var reload = (await host.Client.GetJsonAsync("/stats")).GetProperty("reload");
        Assert.Equal(1, reload.GetProperty("failed_loads").GetInt32());
        Assert.Contains(ArtifactFiles.PersonalAls, reload.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewManifestIsPickedUpWithoutAnyCall()
    {
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchDebounce=00:00:00.2"]);

        TinyArtifacts.Write(_artifacts.Directory, s_newChart);

        var recs = await host.Client.WaitForChartAsync(200, TimeSpan.FromSeconds(20));

        Assert.Equal([200L, 201], recs);
    }
}
