using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Apis;

/// <summary>
/// The REST lists' filters (<c>exclude</c>, <c>genres</c>, <c>artists</c>) on <see cref="TinyArtifacts"/> with a
/// catalogue that tags every served track (<see cref="Tracks"/>). Listener 1 has played 50 and 51, so unfiltered:
/// offline 10, 11, 12, 13, 14; online 62, 60, 61, 10, 63; popular 100…105; blended 10, 62, 11, 60, 12, 61, 13, 63, 14.
/// </summary>
public sealed class FilterApiTests : IAsyncLifetime
{
    /// <summary>Each track's artists and genres, as the catalogue below holds them.</summary>
    private static readonly Dictionary<long, (string[] Artists, string[] Genres)> Tracks = new()
    {
        [10] = (["Artist A"], ["rock"]),
        [11] = (["Artist B"], ["pop"]),
        [12] = (["Artist A"], ["pop"]),
        [13] = (["Earth, Wind & Fire"], ["jazz"]),
        [14] = (["Artist C"], ["rock"]),
        [60] = (["Artist B", "Artist C"], ["pop", "rock"]),
        [61] = (["Artist A"], ["jazz"]),
        [62] = (["Artist D"], ["rap"]),
        [63] = (["Artist A"], ["rock"]),
        [64] = (["Artist D"], ["rap"]),
        [100] = (["Artist D"], ["rap"]),
        [101] = (["Artist A"], ["rock"]),
        [102] = (["Artist B"], ["pop"]),
        [103] = (["Artist A"], ["pop"]),
        [104] = (["Artist C"], ["rock"]),
        [105] = (["Artist D"], ["jazz"]),
    };

    private const int MaxFilterValues = 4;

    private readonly TinyArtifacts _artifacts = new(catalog: [.. Tracks.Select(t =>
        $"({t.Key}, 'Track {t.Key}', [{string.Join(", ", t.Value.Artists.Select(a => $"'{a}'"))}], [{string.Join(", ", t.Value.Genres.Select(g => $"'{g}'"))}])")]);

    private ServiceHost _host = null!;

    private HttpClient Client => _host.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", $"Recommendations:MaxFilterValues={MaxFilterValues}"]);
        foreach (var item in new[] { 50, 51 })
        {
            using var response = await Client.PostAsJsonAsync("/v1/users/1/events", new { item_id = item }, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _artifacts.Dispose();
    }

    [Theory]
    [InlineData("offline", new[] { 12, 13, 14 })]
    [InlineData("online", new[] { 61, 10, 63 })]
    [InlineData("popular", new[] { 102, 103, 104 })]
    public async Task ExcludingTheTopTracksRefillsTheListFromTheSameSource(string kind, int[] expected)
    {
        var top = (await Client.GetJsonAsync($"/v1/users/1/recommendations?kind={kind}&k=2")).ItemIds("items");

        var json = await Client.GetJsonAsync($"/v1/users/1/recommendations?kind={kind}&k=3&exclude={top[0]},{top[1]}");

        Assert.Equal(expected.Select(i => (long)i), json.ItemIds("items"));
        Assert.False(json.GetProperty("exhausted").GetBoolean());
    }

    [Fact]
    public async Task BlendedInterleavesTheFilteredOfflineAndOnlineLists()
    {
        var excluded = await Client.GetJsonAsync("/v1/users/1/recommendations?kind=blended&k=4&exclude=10&exclude=62");
        Assert.Equal([11L, 60, 12, 61], excluded.ItemIds("items"));
        Assert.False(excluded.GetProperty("exhausted").GetBoolean());

        // Offline rock: 10, 14; online rock: 60, 10, 63 (10 is already in).
        var rock = await Client.GetJsonAsync("/v1/users/1/recommendations?kind=blended&k=10&genres=rock");
        Assert.Equal([10L, 60, 14, 63], rock.ItemIds("items"));
        Assert.True(rock.GetProperty("exhausted").GetBoolean());
        Assert.Equal("personal,online", string.Join(",", rock.GetProperty("sources").EnumerateArray().Select(s => s.GetString())));
    }

    /// <summary>A single-source kind filtered equals its whole unfiltered list, filtered here, cut to k.</summary>
    [Theory]
    [InlineData("offline", "genres=rock", null, new[] { "rock" }, null)]
    [InlineData("online", "genres=rock", null, new[] { "rock" }, null)]
    [InlineData("popular", "genres=rock", null, new[] { "rock" }, null)]
    [InlineData("popular", "genres=POP,Jazz", null, new[] { "pop", "jazz" }, null)]
    [InlineData("online", "genres=jazz&genres=rap", null, new[] { "jazz", "rap" }, null)]
    [InlineData("offline", "artists=Artist%20A", null, null, new[] { "Artist A" })]
    [InlineData("online", "artists=artist%20a", null, null, new[] { "Artist A" })]
    [InlineData("popular", "artists=Artist%20B&artists=Artist%20C", null, null, new[] { "Artist B", "Artist C" })]
    [InlineData("offline", "artists=Earth,%20Wind%20%26%20Fire&artists=Artist%20B", null, null, new[] { "Earth, Wind & Fire", "Artist B" })]
    [InlineData("offline", "genres=pop,jazz&artists=Artist%20A", null, new[] { "pop", "jazz" }, new[] { "Artist A" })]
    [InlineData("online", "genres=rock&artists=Artist%20A&exclude=10", new[] { 10 }, new[] { "rock" }, new[] { "Artist A" })]
    [InlineData("popular", "genres=rock,pop&artists=Artist%20A&artists=Artist%20B&exclude=101", new[] { 101 }, new[] { "rock", "pop" }, new[] { "Artist A", "Artist B" })]
    public async Task EveryKindKeepsOnlyTracksPassingEveryFilter(string kind, string query, int[]? exclude, string[]? genres, string[]? artists)
    {
        const int k = 3;
        var all = (await Client.GetJsonAsync($"/v1/users/1/recommendations?kind={kind}&k=100")).ItemIds("items");
        var expected = all.Where(item => Passes(item, exclude, genres, artists)).Take(k).ToArray();

        var json = await Client.GetJsonAsync($"/v1/users/1/recommendations?kind={kind}&k={k}&{query}");

        Assert.Equal(expected, json.ItemIds("items"));
        Assert.Equal(expected.Length < k, json.GetProperty("exhausted").GetBoolean());
        Assert.NotEmpty(expected);
    }

    [Theory]
    [InlineData("offline")]
    [InlineData("online")]
    [InlineData("blended")]
    [InlineData("popular")]
    public async Task AFilterThatRemovesEveryTrackAnswersAnEmptyList(string kind)
    {
        // Jazz by Artist A is only 61, which listener 1 gets only online; exclude it too.
        var json = await Client.GetJsonAsync($"/v1/users/1/recommendations?kind={kind}&genres=jazz&artists=Artist%20A&exclude=61");

        Assert.Empty(json.GetProperty("items").EnumerateArray());
        Assert.True(json.GetProperty("exhausted").GetBoolean());
        Assert.False(json.GetProperty("degraded").GetBoolean());
    }

    [Fact]
    public async Task SimilarTracksAreFilteredAndRefilledWithTheirScores()
    {
        var excluded = await Client.GetJsonAsync("/v1/items/50/similar?k=2&exclude=60");
        Assert.Equal([61L, 10], excluded.ItemIds("similar"));
        Assert.Equal([0.8, 0.7], excluded.GetProperty("similar").EnumerateArray().Select(s => s.GetProperty("score").GetDouble()));
        Assert.False(excluded.GetProperty("exhausted").GetBoolean());

        var rock = await Client.GetJsonAsync("/v1/items/50/similar?k=5&genres=rock&details=true");
        Assert.Equal([60L, 10], rock.ItemIds("similar"));
        Assert.Equal("Track 60", rock.GetProperty("similar")[0].GetProperty("name").GetString());
        Assert.True(rock.GetProperty("exhausted").GetBoolean());

        var none = await Client.GetJsonAsync("/v1/items/52/similar?artists=Artist%20A");
        Assert.Empty(none.GetProperty("similar").EnumerateArray());
    }

    [Theory]
    [InlineData("/v1/users/1/recommendations?kind=offline&genres=rock,metal", "genres", "'metal'")]
    [InlineData("/v1/users/1/recommendations?kind=online&genres=Metal&genres=Polka", "genres", "'Polka'")]
    [InlineData("/v1/users/1/recommendations?kind=popular&artists=Nobody", "artists", "'Nobody'")]
    [InlineData("/v1/users/1/recommendations?artists=Earth", "artists", "'Earth'")]
    // artists is not split on commas (names hold them): this is one unknown name.
    [InlineData("/v1/users/1/recommendations?artists=Artist%20A,Artist%20B", "artists", "'Artist A,Artist B'")]
    [InlineData("/v1/items/50/similar?genres=metal", "genres", "'metal'")]
    public async Task AnUnknownGenreOrArtistIsA400NamingIt(string url, string parameter, string name)
    {
        using var response = await Client.GetAsync(url, Ct);
        var problem = await ProblemAssert.NamesAsync(response, HttpStatusCode.BadRequest, parameter);
        Assert.Contains(name, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/users/1/recommendations?exclude=abc", "exclude")]
    [InlineData("/v1/users/1/recommendations?exclude=-1", "exclude")]
    [InlineData("/v1/users/1/recommendations?exclude=1.5", "exclude")]
    [InlineData("/v1/users/1/recommendations?exclude=99999999999999999999", "exclude")]
    [InlineData("/v1/users/1/recommendations?exclude=1,,2", "exclude")]
    [InlineData("/v1/users/1/recommendations?exclude=", "exclude")]
    [InlineData("/v1/users/1/recommendations?genres=", "genres")]
    [InlineData("/v1/users/1/recommendations?genres=rock,", "genres")]
    [InlineData("/v1/users/1/recommendations?artists=", "artists")]
    [InlineData("/v1/users/1/recommendations?exclude=1,2,3&exclude=4,5", "exclude")]
    [InlineData("/v1/users/1/recommendations?genres=rock,pop,jazz,rap,rock", "genres")]
    [InlineData("/v1/items/50/similar?exclude=x", "exclude")]
    [InlineData("/v1/items/50/similar?artists=", "artists")]
    public async Task BadFilterValuesAreRejectedWithProblemJsonNamingTheParameter(string url, string parameter)
    {
        await Client.AssertInvalidParameterAsync(HttpMethod.Get, url, parameter);
    }

    [Theory]
    [InlineData("/v1/users/1/recommendations?kind=offline")]
    [InlineData("/v1/users/1/recommendations?kind=online")]
    [InlineData("/v1/users/1/recommendations?kind=blended&details=true")]
    [InlineData("/v1/users/1/recommendations?kind=popular&k=3")]
    [InlineData("/v1/users/7/recommendations")]
    [InlineData("/v1/items/50/similar?details=true")]
    public async Task WithoutFiltersTheAnswerIsByteForByteTheUnfilteredOne(string url)
    {
        var plain = await Client.GetStringAsync(url, Ct);
        // A filter that removes nothing: the same bytes but for the one member only a filtered answer has (last).
        var noop = await Client.GetStringAsync($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}exclude=99999", Ct);

        Assert.DoesNotContain("exhausted", plain, StringComparison.Ordinal);
        Assert.Equal(plain, Regex.Replace(noop, ",\"exhausted\":(true|false)}$", "}"));
        var members = JsonDocument.Parse(plain).RootElement.EnumerateObject().Select(p => p.Name);
        Assert.Equal(url.StartsWith("/v1/items", StringComparison.Ordinal) ? ["item_id", "similar"] : ["user_id", "kind", "sources", "degraded", "items"], members);
    }

    [Theory]
    [InlineData("/v1/users/{id}/recommendations")]
    [InlineData("/v1/items/{id}/similar")]
    public async Task TheOpenApiDocumentDescribesTheFilters(string path)
    {
        var operation = (await Client.GetJsonAsync("/openapi/v1.json")).GetProperty("paths").GetProperty(path).GetProperty("get");
        var parameters = operation.GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p);

        foreach (var name in new[] { "exclude", "genres", "artists" })
        {
            Assert.Equal("query", parameters[name].GetProperty("in").GetString());
            Assert.Equal("array", parameters[name].GetProperty("schema").GetProperty("type").GetString());
            Assert.Contains("Recommendations:MaxFilterValues", parameters[name].GetProperty("description").GetString(), StringComparison.Ordinal);
        }
    }

    private static bool Passes(long item, int[]? exclude, string[]? genres, string[]? artists) =>
        !(exclude ?? []).Contains((int)item)
        && Tracks.TryGetValue(item, out var track)
        && (genres is null || track.Genres.Any(g => genres.Contains(g, StringComparer.OrdinalIgnoreCase)))
        && (artists is null || track.Artists.Any(a => artists.Contains(a, StringComparer.OrdinalIgnoreCase)));
}
