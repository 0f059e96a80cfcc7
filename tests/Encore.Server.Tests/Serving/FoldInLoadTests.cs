using Encore.Core.Artifacts;

namespace Encore.Server.Tests.Serving;

/// <summary>
/// Request-time ALS fold-in in the served set: loaded only when <c>Artifacts:FoldIn</c> says so, timed in
/// <c>/stats</c>, swapped with the rest of the set on reload.
/// </summary>
public sealed class FoldInLoadTests : IDisposable
{
    private readonly TinyArtifacts _artifacts = new();

    public void Dispose() => _artifacts.Dispose();

    /// <summary>
    /// Writes an ALS model over TinyArtifacts' tracks (listeners 1 and 2 with their personal lists as train rows),
    /// with factors drawn from <paramref name="seed"/>; returns its item factors.
    /// </summary>
    internal static float[] WriteModel(string directory, ulong seed) =>
        TinyAlsModel.Write(directory, seed, TinyArtifacts.User1.Concat(TinyArtifacts.User2).Concat(TinyArtifacts.Popular), TinyArtifacts.User1, TinyArtifacts.User2);

    private static async Task<bool> StatsTimeFoldIn(ServiceHost host) =>
        (await host.Client.GetJsonAsync("/stats")).GetProperty("artifacts").GetProperty("load_parts_seconds").TryGetProperty("foldin", out _);

    [Fact]
    public async Task WithoutTheOptionTheModelIsNotLoaded()
    {
        WriteModel(_artifacts.Directory, seed: 1);
        await using var host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false"]);

        Assert.Null(host.Artifacts.Current!.Set.FoldIn);
        Assert.False(await StatsTimeFoldIn(host));
    }

    [Fact]
    public async Task WithTheOptionTheModelLoadsIsTimedAndAReloadSwapsIt()
    {
        var first = WriteModel(_artifacts.Directory, seed: 1);
        await using var host = await ServiceHost.StartAsync(
            [$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false", "Artifacts:FoldIn=true"]);

        var loaded = host.Artifacts.Current!.Set.FoldIn;
        Assert.NotNull(loaded);
        Assert.Equal(first, loaded.FoldIn.Model.ItemFactors.Data.ToArray());
        Assert.True(await StatsTimeFoldIn(host));
        var before = loaded.Recommend(1, [100L], 3);
        Assert.Equal(3, before.Items.Length);

        var second = WriteModel(_artifacts.Directory, seed: 2);
        Assert.Equal("reloaded", (await host.Client.PostAsync("/admin/reload")).GetProperty("status").GetString());

        var swapped = host.Artifacts.Current!.Set.FoldIn;
        Assert.NotNull(swapped);
        Assert.NotSame(loaded, swapped);
        Assert.Equal(second, swapped.FoldIn.Model.ItemFactors.Data.ToArray());
        Assert.True(await StatsTimeFoldIn(host));
        // The old set's fold-in still answers requests that started on it.
        Assert.Equal(before.Items, loaded.Recommend(1, [100L], 3).Items);
    }

    [Fact]
    public async Task WithTheOptionASetWithoutTheModelServesWithoutFoldInAndABrokenModelFailsTheReload()
    {
        await using var host = await ServiceHost.StartAsync(
            [$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false", "Artifacts:FoldIn=true"]);

        Assert.Null(host.Artifacts.Current!.Set.FoldIn);
        Assert.False(await StatsTimeFoldIn(host));

        await File.WriteAllTextAsync(Path.Combine(_artifacts.Directory, ArtifactFiles.AlsModel), "not a model", TestContext.Current.CancellationToken);
        var problem = await host.Client.PostAsync("/admin/reload", System.Net.HttpStatusCode.UnprocessableEntity);
        Assert.Contains(ArtifactFiles.AlsModel, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(host.Artifacts.Current);
    }
}
