using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encore.Core.Artifacts;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Replay.Strategies;
using Encore.Core.Ranking.Live;
using Encore.Core.Serving;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Apis;

/// <summary>
/// kind=live over <see cref="TinyArtifacts"/> plus <see cref="LiveArtifacts"/> (whose live model puts the session's
/// similar tracks first: after a listen of 50, its neighbours 60 and 61), and what happens without the live ranker.
/// </summary>
public sealed class LiveApiTests : IDisposable
{
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    private Task<ServiceHost> StartAsync(params string[] settings) =>
        ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false", .. settings]);

    private static async Task ListenAsync(ServiceHost host, long user, params long[] items)
    {
        foreach (var item in items)
        {
            using var response = await host.Client.PostAsJsonAsync($"/v1/users/{user}/events", new { item_id = item }, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private static Task<JsonElement> LiveAsync(ServiceHost host, long user, string query = "") =>
        host.Client.GetJsonAsync($"/v1/users/{user}/recommendations?kind=live&k=5{query}");

    private static string[] Strings(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    private static LiveRecommender Live(ServiceHost host) => Assert.IsType<LiveRecommender>(host.Artifacts.Current!.Set.Live);

    [Fact]
    public async Task APutChangesTheLiveListForTheNextRequest()
    {
        LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync();

        var before = await LiveAsync(host, 1);
        await ListenAsync(host, 1, 50);
        var after = await LiveAsync(host, 1);

        Assert.Equal(["live"], Strings(after, "sources"));
        Assert.False(after.GetProperty("degraded").GetBoolean());
        Assert.NotEqual(before.ItemIds("items"), after.ItemIds("items"));
        // The live model ranks the session's similar tracks first: 60 (.9) and 61 (.8), then 10 (.7).
        Assert.Equal([60L, 61], after.ItemIds("items")[..2]);
        // Exactly what Core's live ranker gives for the same events.
        Assert.Equal(Live(host).Recommend(1, [50L], 5).Items.Select(i => (long)i), after.ItemIds("items"));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(3L)]
    public async Task TheLiveKindEqualsTheReplaysLiveStrategyAfterEveryListen(long user)
    {
        LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync();
        var set = host.Artifacts.Current!.Set;
        var options = new ReplayOptions();
        var strategy = new LiveStrategy(set.Live!, new ServingRecommender(set, options.Serving));
        // More listens than the store keeps (10), repeats, tracks of the personal list and tracks without neighbours.
        long[] listens = [50, 11, 51, 10, 52, 50, 60, 62, 12, 51, 64, 52, 13];
        var played = new List<long>();
        foreach (var item in listens)
        {
            await ListenAsync(host, user, item);
            played.Insert(0, item);
            var events = played.Take(options.StoredEvents).ToArray();
            var request = new ReplayRequest(user, set.Offline.ItemsOf(user), events, OnlineHistory.From(events, options.OnlineHistory));
            var replayed = new int[10];
            replayed = replayed[..strategy.Recommend(request, replayed)];

            var served = (await host.Client.GetJsonAsync($"/v1/users/{user}/recommendations?kind=live&k=10")).ItemIds("items");

            Assert.True(served.SequenceEqual(replayed.Select(i => (long)i)),
                $"after {played.Count} listens: served [{string.Join(", ", served)}], replayed [{string.Join(", ", replayed)}]");
        }
    }

    [Fact]
    public async Task AListenerUnknownToTheModelIsServedFromTheirEvents()
    {
        LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync();

        await ListenAsync(host, 777, 51);
        var live = await LiveAsync(host, 777);

        // 51 → 62 (.95), 60 (.5), 63 (.4): the similar one above the model's 0.6 comes first.
        Assert.Equal(62L, live.ItemIds("items")[0]);
        Assert.DoesNotContain(51L, live.ItemIds("items"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithoutTheLiveRankerLiveServesTheBlendMarkedDegradedAndCounted(bool liveModelWithoutAls)
    {
        if (liveModelWithoutAls)
        {
            LiveArtifacts.WriteLiveModel(_artifacts.Directory, seed: 1);
        }

        await using var host = await StartAsync();
        await ListenAsync(host, 1, 50, 51);
        var counted = await DegradedLiveAsync(host);

        var live = await LiveAsync(host, 1);
        var blended = await host.Client.GetJsonAsync("/v1/users/1/recommendations?kind=blended&k=5");

        Assert.Null(host.Artifacts.Current!.Set.Live);
        Assert.Equal("live", live.GetProperty("kind").GetString());
        Assert.True(live.GetProperty("degraded").GetBoolean());
        Assert.Equal(blended.ItemIds("items"), live.ItemIds("items"));
        Assert.Equal(Strings(blended, "sources"), Strings(live, "sources"));
        Assert.False(blended.GetProperty("degraded").GetBoolean());
        Assert.Equal(counted + 1, await DegradedLiveAsync(host));
        var stats = await host.Client.GetJsonAsync("/stats");
        Assert.True(stats.GetProperty("counters").GetProperty("degraded_live_model").GetInt64() >= 1);
        Assert.False(stats.GetProperty("artifacts").TryGetProperty("live_model", out _));
    }

    [Fact]
    public async Task ArtifactsLiveOffDoesNotLoadTheLiveRanker()
    {
        LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync("Artifacts:Live=false");

        Assert.Null(host.Artifacts.Current!.Set.Live);
        Assert.Null(host.Artifacts.Current!.Set.FoldIn);
        Assert.True((await LiveAsync(host, 1)).GetProperty("degraded").GetBoolean());
    }

    [Fact]
    public async Task SeedEndpointsServeThePredecessorsListsByDefault()
    {
        LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync();
        await host.Client.PostAsync("/put?user_id=1&item_id=50");
        await host.Client.PostAsync("/put?user_id=1&item_id=51");

        // Byte for byte the predecessor's answers (SeedApiTests pins the same lists without a live ranker).
        Assert.Equal("""{"recs":[62,60,61,10,63]}""", await RawAsync(host, "/recommendations_online?user_id=1&k=10"));
        Assert.Equal("""{"recs":[10,62,11,60,12,61,13,63,14]}""", await RawAsync(host, "/recommendations?user_id=1&k=10"));
    }

    [Fact]
    public async Task SeedEndpointsServeTheLiveListWhenConfigured()
    {
        LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync("Recommendations:SeedServes=Live");
        await host.Client.PostAsync("/put?user_id=1&item_id=50");

        var live = (await LiveAsync(host, 1)).ItemIds("items");

        Assert.Equal(live, (await host.Client.PostAsync("/recommendations_online?user_id=1&k=5")).Ids("recs"));
        Assert.Equal(live, (await host.Client.PostAsync("/recommendations?user_id=1&k=5")).Ids("recs"));
        // The offline list and the chart keep their meaning.
        Assert.Equal(TinyArtifacts.User1.Select(i => (long)i), (await host.Client.PostAsync("/recommendations_offline?user_id=1")).Ids("recs"));
    }

    [Fact]
    public async Task ABadSeedServesValueIsRefusedNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("Recommendations:SeedServes=Ranker"));

        Assert.Contains("SeedServes", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiltersAreRefilledFromTheLiveRanking()
    {
        LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync();
        await ListenAsync(host, 1, 50);
        var full = Live(host).Recommend(1, [50L], 100).Items.Select(i => (long)i).ToArray();

        var filtered = await LiveAsync(host, 1, "&exclude=60");

        Assert.Equal(full.Where(i => i != 60).Take(5), filtered.ItemIds("items"));
        Assert.False(filtered.GetProperty("exhausted").GetBoolean());
        var rap = await host.Client.GetJsonAsync("/v1/users/1/recommendations?kind=live&k=5&genres=rap");
        Assert.Equal([100L], rap.ItemIds("items"));
        Assert.True(rap.GetProperty("exhausted").GetBoolean());
    }

    [Fact]
    public async Task LiveExplanationsNameTheCandidateSourcesAndTheTopFeaturesWithTheirContributions()
    {
        LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync();
        await ListenAsync(host, 1, 50);

        var items = (await LiveAsync(host, 1, "&explain=true")).GetProperty("items").EnumerateArray().ToArray();
        var live = Live(host);
        var explained = live.Explain(1, [50L], 5);

        Assert.Equal(explained.Items.Select(i => (long)i.ItemId), items.Select(i => i.GetProperty("item_id").GetInt64()));
        for (var i = 0; i < items.Length; i++)
        {
            var explanation = items[i].GetProperty("explanation");
            Assert.Equal("live", explanation.GetProperty("source").GetString());
            Assert.Equal(i + 1, explanation.GetProperty("rank").GetInt32());
            Assert.Equal(explained.Items[i].Sources, Strings(explanation, "candidate_sources"));

            var contributions = new double[live.Model.FeatureNames.Count];
            live.Model.Contributions(explained.Items[i].Features, contributions);
            var expected = Enumerable.Range(0, contributions.Length).Where(f => contributions[f] > 0)
                .OrderByDescending(f => contributions[f]).Take(3).ToArray();
            var features = explanation.GetProperty("features").EnumerateArray().ToArray();
            Assert.Equal(expected.Select(f => live.Model.FeatureNames[f]), features.Select(f => f.GetProperty("feature").GetString()));
            for (var f = 0; f < features.Length; f++)
            {
                Assert.Equal(contributions[expected[f]], features[f].GetProperty("contribution").GetDouble(), 1e-6);
            }
        }

        // 60 is first because it is similar to the listen: the similarity carries its score, read in words.
        var first = items[0].GetProperty("explanation");
        var top = first.GetProperty("features")[0];
        Assert.Equal(LiveFeatures.SessionSimilarMax, top.GetProperty("feature").GetString());
        Assert.Equal("highest similarity to a session listen (session_sim_max)", top.GetProperty("name").GetString());
        Assert.Equal(0.9, top.GetProperty("value").GetDouble(), 1e-6);
        Assert.Contains("session_similar", Strings(first, "candidate_sources"));
        Assert.StartsWith("live rank 1; proposed by ", first.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("raised most by highest similarity to a session listen (session_sim_max) = 0.9 (+", first.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryLiveFeatureHasAReadableName() =>
        Assert.Empty(LiveFeatures.Names.Except(Encore.Server.Apis.FeatureLabels.Labelled));

    [Fact]
    public async Task ARankerListsTracksGetTheLiveRankersFeaturesComputedAtRequestTime()
    {
        // The loader prefers the ranker's recommendations.parquet; the same lists under that name.
        File.Copy(Path.Combine(_artifacts.Directory, ArtifactFiles.PersonalAls), Path.Combine(_artifacts.Directory, ArtifactFiles.Recommendations));
        LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync();

        var items = (await host.Client.GetJsonAsync("/v1/users/2/recommendations?kind=offline&k=3&explain=true")).GetProperty("items").EnumerateArray().ToArray();

        var explained = Live(host).Explain(2, [], 1000).Items.ToDictionary(i => (long)i.ItemId);
        foreach (var item in items)
        {
            var explanation = item.GetProperty("explanation");
            var live = explained[item.GetProperty("item_id").GetInt64()];
            Assert.Equal("ranker", explanation.GetProperty("source").GetString());
            Assert.Contains("offline", Strings(explanation, "candidate_sources"));
            Assert.Equal(live.Sources, Strings(explanation, "candidate_sources"));
            Assert.Contains("; live ranker now: rank ", explanation.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.True(explanation.TryGetProperty("features", out _));
        }
    }

    [Fact]
    public async Task AReloadSwapsTheLiveModelAndStatsShowItsLoadTime()
    {
        var first = LiveArtifacts.Write(_artifacts.Directory);
        await using var host = await StartAsync();
        var loaded = Live(host);
        var stats = await host.Client.GetJsonAsync("/stats");
        Assert.Equal(ArtifactFiles.LiveModel, stats.GetProperty("artifacts").GetProperty("live_model").GetString());
        Assert.True(stats.GetProperty("artifacts").GetProperty("load_parts_seconds").GetProperty("live").GetDouble() >= 0);
        Assert.Equal(first.Trees, loaded.Model.Trees);

        var second = LiveArtifacts.WriteLiveModel(_artifacts.Directory, seed: 2, trees: 7);
        Assert.Equal("reloaded", (await host.Client.PostAsync("/admin/reload")).GetProperty("status").GetString());

        var swapped = Live(host);
        Assert.NotSame(loaded, swapped);
        Assert.Equal(second.Trees, swapped.Model.Trees);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_artifacts.Directory, ArtifactFiles.LiveModel)), ModelBytes(swapped));

        // A set without the model degrades from the next load on.
        File.Delete(Path.Combine(_artifacts.Directory, ArtifactFiles.LiveModel));
        Assert.Equal("reloaded", (await host.Client.PostAsync("/admin/reload")).GetProperty("status").GetString());
        Assert.Null(host.Artifacts.Current!.Set.Live);
        Assert.True((await LiveAsync(host, 1)).GetProperty("degraded").GetBoolean());
    }

    private static byte[] ModelBytes(LiveRecommender live)
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("model.bin");
        live.Model.Save(path);
        return File.ReadAllBytes(path);
    }

    private static async Task<string> RawAsync(ServiceHost host, string url)
    {
        using var response = await host.Client.PostAsync(new Uri(url, UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>encore_degraded_requests_total{dependency="live_model"} in /metrics (0 before the first).</summary>
    private static async Task<double> DegradedLiveAsync(ServiceHost host)
    {
        var metrics = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);
        const string Series = "encore_degraded_requests_total{dependency=\"live_model\"} ";
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(Series, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[Series.Length..], CultureInfo.InvariantCulture);
    }
}
