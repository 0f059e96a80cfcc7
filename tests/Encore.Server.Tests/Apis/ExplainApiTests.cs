using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encore.Core.Artifacts;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Apis;

/// <summary>
/// explain=true on the REST lists, on <see cref="TinyArtifacts"/>: listener 1 has played 50 and 51, so online is
/// 62 (51: .95), 60 (50: .9, 51: .5), 61 (50: .8), 10 (50: .7), 63 (51: .4); offline is their personal ALS list
/// 10…14; popular the chart 100…105.
/// </summary>
public sealed class ExplainApiTests : IAsyncLifetime
{
    private static readonly string[] Catalog =
    [
        "(10, 'Ten', ['Artist A'], ['rock'])",
        "(50, 'Fifty', ['Artist B'], ['pop'])",
        "(51, 'Fifty-one', ['Artist C'], ['rock'])",
        "(60, 'Sixty', ['Artist B', 'Artist C'], ['pop', 'rock'])",
        "(100, 'Hundred', ['Artist D'], ['rap'])",
    ];

    private readonly TinyArtifacts _artifacts = new(catalog: Catalog);

    private ServiceHost _host = null!;

    private HttpClient Client => _host.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await StartAsync();
        await ListenAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _artifacts.Dispose();
    }

    private Task<ServiceHost> StartAsync(params string[] settings) =>
        ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", "Artifacts:WatchManifest=false", .. settings]);

    private static async Task ListenAsync(ServiceHost host)
    {
        foreach (var item in new[] { 50, 51 })
        {
            using var response = await host.Client.PostAsJsonAsync("/v1/users/1/events", new { item_id = item }, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private static JsonElement[] Items(JsonElement json, string member = "items") => [.. json.GetProperty(member).EnumerateArray()];

    private static (long Id, string? Name, double Score)[] Tracks(JsonElement explanation) =>
        [.. explanation.GetProperty("tracks").EnumerateArray().Select(t => (
            t.GetProperty("item_id").GetInt64(),
            t.TryGetProperty("name", out var name) ? name.GetString() : null,
            t.GetProperty("score").GetDouble()))];

    [Fact]
    public async Task OnlineItemsNameTheEventThatLedToThemWithItsSimilarity()
    {
        var items = Items(await Client.GetJsonAsync("/v1/users/1/recommendations?kind=online&k=5&explain=true"));

        Assert.Equal([62L, 60, 61, 10, 63], items.Select(i => i.GetProperty("item_id").GetInt64()));
        var sixty = items[1].GetProperty("explanation");
        Assert.Equal("similar", sixty.GetProperty("source").GetString());
        Assert.Equal([(50L, "Fifty", 0.9), (51L, "Fifty-one", 0.5)], Tracks(sixty));
        Assert.Equal("similar to 'Fifty' (50) (0.9) and 1 more recent track", sixty.GetProperty("reason").GetString());
        var first = items[0].GetProperty("explanation");
        Assert.Equal([(51L, "Fifty-one", 0.95)], Tracks(first));
        Assert.Equal("similar to 'Fifty-one' (51) (0.95)", first.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task PopularItemsHaveTheirChartRank()
    {
        var items = Items(await Client.GetJsonAsync("/v1/users/1/recommendations?kind=popular&k=3&explain=true"));

        for (var i = 0; i < items.Length; i++)
        {
            var explanation = items[i].GetProperty("explanation");
            Assert.Equal("popular", explanation.GetProperty("source").GetString());
            Assert.Equal(i + 1, explanation.GetProperty("rank").GetInt32());
            Assert.Equal($"chart rank {i + 1}", explanation.GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task OfflineItemsHaveTheirPersonalListRankAndAListenerWithoutOneTheChartRank()
    {
        // 10 is also an online candidate; it was not heard, so the personal list is served whole.
        var items = Items(await Client.GetJsonAsync("/v1/users/1/recommendations?kind=offline&k=5&explain=true&exclude=11"));

        Assert.Equal([10L, 12, 13, 14], items.Select(i => i.GetProperty("item_id").GetInt64()));
        int[] ranks = [1, 3, 4, 5];
        for (var i = 0; i < items.Length; i++)
        {
            var explanation = items[i].GetProperty("explanation");
            Assert.Equal("personal_als", explanation.GetProperty("source").GetString());
            Assert.Equal(ranks[i], explanation.GetProperty("rank").GetInt32());
            Assert.Equal($"personal list rank {ranks[i]}", explanation.GetProperty("reason").GetString());
            Assert.False(explanation.TryGetProperty("tracks", out _));
        }

        var chart = Items(await Client.GetJsonAsync("/v1/users/3/recommendations?kind=offline&k=2&explain=true"));
        Assert.Equal(["chart rank 1", "chart rank 2"], chart.Select(i => i.GetProperty("explanation").GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task AServedRankerListIsNamedAsTheSource()
    {
        // The loader prefers the ranker's recommendations.parquet; the same lists under that name.
        File.Copy(Path.Combine(_artifacts.Directory, ArtifactFiles.PersonalAls), Path.Combine(_artifacts.Directory, ArtifactFiles.Recommendations));
        await using var host = await StartAsync();

        var items = Items(await host.Client.GetJsonAsync("/v1/users/1/recommendations?kind=offline&k=2&explain=true"));

        Assert.Equal(["ranker", "ranker"], items.Select(i => i.GetProperty("explanation").GetProperty("source").GetString()));
        Assert.Equal("personal list rank 2", items[1].GetProperty("explanation").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task BlendedItemsAreExplainedByThePartTheyCameFrom()
    {
        var items = Items(await Client.GetJsonAsync("/v1/users/1/recommendations?kind=blended&k=4&explain=true"));

        Assert.Equal([10L, 62, 11, 60], items.Select(i => i.GetProperty("item_id").GetInt64()));
        Assert.Equal(["personal_als", "similar", "personal_als", "similar"],
            items.Select(i => i.GetProperty("explanation").GetProperty("source").GetString()));
        Assert.Equal("personal list rank 2", items[2].GetProperty("explanation").GetProperty("reason").GetString());
        Assert.Equal([(51L, "Fifty-one", 0.95)], Tracks(items[1].GetProperty("explanation")));
    }

    [Fact]
    public async Task SimilarTracksNameTheTrackTheyAreSimilarTo()
    {
        var similar = Items(await Client.GetJsonAsync("/v1/items/50/similar?k=3&explain=true"), "similar");

        Assert.Equal([0.9, 0.8, 0.7], similar.Select(i => i.GetProperty("score").GetDouble()));
        foreach (var item in similar)
        {
            var explanation = item.GetProperty("explanation");
            Assert.Equal("similar", explanation.GetProperty("source").GetString());
            Assert.Equal([(50L, "Fifty", item.GetProperty("score").GetDouble())], Tracks(explanation));
        }

        Assert.Equal("similar to 'Fifty' (50) (0.9)", similar[0].GetProperty("explanation").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task WithTheAlsFoldInLoadedThePersonalReasonListsTheHistoryTracksContributingMost()
    {
        FoldInLoadTests.WriteModel(_artifacts.Directory, seed: 3);
        await using var host = await StartAsync("Artifacts:FoldIn=true");
        var model = host.Artifacts.Current!.Set.FoldIn!;
        var factors = model.FoldIn.Model.ItemFactors;
        double Dot(long a, long b)
        {
            var x = factors.Row(model.Items.ToInternal(a)).ToArray();
            var y = factors.Row(model.Items.ToInternal(b)).ToArray();
            return x.Zip(y, (p, q) => (double)p * q).Sum();
        }

        var items = Items(await host.Client.GetJsonAsync("/v1/users/1/recommendations?kind=offline&k=5&explain=true"));

        Assert.Equal(5, items.Length);
        foreach (var item in items)
        {
            var id = item.GetProperty("item_id").GetInt64();
            var expected = TinyArtifacts.User1.Where(j => j != id).Select(j => (Id: (long)j, Score: Dot(j, id)))
                .Where(c => c.Score > 0).OrderByDescending(c => c.Score).Take(3).ToArray();
            var explanation = item.GetProperty("explanation");
            var tracks = explanation.TryGetProperty("tracks", out _) ? Tracks(explanation) : [];
            Assert.Equal(expected.Select(e => e.Id), tracks.Select(t => t.Id));
            Assert.Equal(expected.Select(e => Math.Round(e.Score, 6)), tracks.Select(t => t.Score));
            var reason = explanation.GetProperty("reason").GetString()!;
            Assert.StartsWith("personal list rank ", reason, StringComparison.Ordinal);
            if (expected.Length > 0)
            {
                Assert.Contains($"contributing most: {(expected[0].Id == 10 ? "'Ten' (10)" : $"track {expected[0].Id}")}", reason, StringComparison.Ordinal);
            }
        }

        Assert.Contains(items, i => i.GetProperty("explanation").TryGetProperty("tracks", out _));
    }

    [Theory]
    [InlineData("/v1/users/1/recommendations?kind=offline")]
    [InlineData("/v1/users/1/recommendations?kind=online&details=true")]
    [InlineData("/v1/users/1/recommendations?kind=blended")]
    [InlineData("/v1/users/1/recommendations?kind=popular&k=3")]
    [InlineData("/v1/users/1/recommendations?genres=rock")]
    [InlineData("/v1/items/50/similar?details=true")]
    public async Task WithoutExplainTheAnswerIsByteForByteUnchanged(string url)
    {
        var plain = await Client.GetStringAsync(url, Ct);
        var off = await Client.GetStringAsync($"{url}&explain=false", Ct);
        var on = await Client.GetStringAsync($"{url}&explain=true", Ct);

        Assert.DoesNotContain("explanation", plain, StringComparison.Ordinal);
        Assert.Equal(plain, off);
        Assert.Contains("\"explanation\":{\"source\":", on, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/users/1/recommendations?explain=yes")]
    [InlineData("/v1/users/1/recommendations?explain=1")]
    [InlineData("/v1/users/1/recommendations?explain=")]
    [InlineData("/v1/items/50/similar?explain=maybe")]
    public async Task ABadExplainValueIsA400NamingTheParameter(string url)
    {
        await Client.AssertInvalidParameterAsync(HttpMethod.Get, url, "explain");
    }

    [Theory]
    [InlineData("/v1/users/{id}/recommendations")]
    [InlineData("/v1/items/{id}/similar")]
    public async Task TheOpenApiDocumentDescribesExplain(string path)
    {
        var operation = (await Client.GetJsonAsync("/openapi/v1.json")).GetProperty("paths").GetProperty(path).GetProperty("get");
        var explain = operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "explain");

        Assert.Equal("query", explain.GetProperty("in").GetString());
        Assert.Contains("explanation", explain.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
