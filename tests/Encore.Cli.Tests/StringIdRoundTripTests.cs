using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Encore.Cli.Commands;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;

namespace Encore.Cli.Tests;

/// <summary>
/// A log with string ids (UUID listeners, MusicBrainz-like tracks) through import → train → publish → serve: the set
/// carries the id maps in its manifest, and the REST API takes and returns the original ids; the seed's integer API
/// refuses the set.
/// </summary>
public sealed class StringIdRoundTripTests(StringIdRoundTripTests.StringSet set) : IClassFixture<StringIdRoundTripTests.StringSet>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>import → train → publish once for the class, then one in-process <c>encore serve</c> on the published folder.</summary>
    public sealed class StringSet : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        public string Data => _directory.Combine("data");

        public string Published => _directory.Combine("published");

        public List<string> Users { get; } = [];

        public List<string> Tracks { get; } = [];

        public InProcessServe? Serve { get; private set; }

        public async ValueTask InitializeAsync()
        {
            var random = new Random(5);
            string Hex(int digits) => string.Concat(Enumerable.Range(0, digits).Select(_ => "0123456789abcdef"[random.Next(16)]));
            for (var u = 0; u < 40; u++)
            {
                Users.Add($"{Hex(8)}-{Hex(4)}-4{Hex(3)}-8{Hex(3)}-{Hex(12)}");
            }

            for (var t = 0; t < 30; t++)
            {
                Tracks.Add($"mbid:{Hex(8)}-{Hex(4)}-{Hex(4)}-{Hex(4)}-{Hex(12)}");
            }

            // Two taste groups, listens over November 2024; the split is 2024-11-25.
            var lines = new List<string> { "listener;recording;played_at" };
            var start = new DateTime(2024, 11, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var u = 0; u < Users.Count; u++)
            {
                var group = u % 2 * 15;
                for (var e = 0; e < 12; e++)
                {
                    var when = start.AddHours(random.Next(24 * 29));
                    lines.Add($"{Users[u]};{Tracks[group + random.Next(15)]};{when:yyyy-MM-ddTHH:mm:ssZ}");
                }
            }

            var log = _directory.Combine("listens.csv");
            File.WriteAllLines(log, lines);
            var names = _directory.Combine("recordings.csv");
            File.WriteAllLines(names, ["mbid;title", .. Tracks.Select((t, i) => $"{t};Song {i}")]);

            Run("import", "--events", log, "--user-col", "listener", "--item-col", "recording", "--time-col", "played_at",
                "--names", names, "--id-col", "mbid", "--name-col", "title", "--out", Data);
            Run("train", "--data", Data, "--out", _directory.Combine("trained"), "--factors", "4", "--iterations", "3", "--threads", "2",
                "--split-date", "2024-11-25", "--no-ranker");
            Run("publish", "--artifacts", _directory.Combine("trained"), "--to", Published);
            Serve = await InProcessServe.StartAsync(new ServeSettings(Published, null, "http://127.0.0.1:0", "all", []));
        }

        public async ValueTask DisposeAsync()
        {
            if (Serve is not null)
            {
                await Serve.DisposeAsync();
            }

            _directory.Dispose();
        }

        private static void Run(params string[] args)
        {
            var (code, _, error) = CliHarness.Invoke(args);
            Assert.True(code == 0, $"encore {args[0]}: {error}");
        }
    }

    private InProcessServe Serve => set.Serve!;

    [Fact]
    public void TheManifestListsBothMapsWithTheirHashesAndPublishCarriesThem()
    {
        var manifest = Manifest.Read(Path.Combine(set.Published, ArtifactFiles.Manifest));

        foreach (var file in new[] { FileNames.UserIds, FileNames.ItemIds })
        {
            var listed = Assert.Single(manifest.Artifacts, f => f.File == file);
            var path = Path.Combine(set.Published, file);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), listed.Sha256);
            Assert.Equal(File.ReadAllBytes(Path.Combine(set.Data, file)), File.ReadAllBytes(path));
        }

        Assert.Equal(set.Users.Count, Assert.Single(manifest.Artifacts, f => f.File == FileNames.UserIds).Rows);
        Assert.Equal(set.Tracks.Count, Assert.Single(manifest.Artifacts, f => f.File == FileNames.ItemIds).Rows);
    }

    [Fact]
    public async Task RecommendationsAnswerInTheOriginalIdsOfTheTrainedLists()
    {
        var user = set.Users.Order(StringComparer.Ordinal).First();
        var expected = OriginalList(
            $"""
            SELECT i.original_item_id FROM {Parquet(ArtifactFiles.PersonalAls)} p
            JOIN {Parquet(FileNames.UserIds)} u USING (user_id) JOIN {Parquet(FileNames.ItemIds)} i USING (item_id)
            WHERE u.original_user_id = {Sql.Literal(user)} ORDER BY p.rank LIMIT 5
            """);

        var recs = await Serve.GetJsonAsync($"/v1/users/{user}/recommendations?kind=offline&k=5&details=true");

        Assert.Equal(user, recs.GetProperty("user_id").GetString());
        var items = recs.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(expected, items.Select(i => i.GetProperty("item_id").GetString()));
        Assert.All(items, i => Assert.Equal($"Song {set.Tracks.IndexOf(i.GetProperty("item_id").GetString()!)}", i.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task SimilarTracksAndTrackDetailsTakeAndReturnTheOriginalIds()
    {
        var track = OriginalList($"SELECT i.original_item_id FROM {Parquet(ArtifactFiles.Similar)} s JOIN {Parquet(FileNames.ItemIds)} i ON i.item_id = s.item_id_1 ORDER BY 1 LIMIT 1")[0];
        var expected = OriginalList(
            $"""
            SELECT b.original_item_id FROM {Parquet(ArtifactFiles.Similar)} s
            JOIN {Parquet(FileNames.ItemIds)} a ON a.item_id = s.item_id_1 JOIN {Parquet(FileNames.ItemIds)} b ON b.item_id = s.item_id_2
            WHERE a.original_item_id = {Sql.Literal(track)} ORDER BY s.rank LIMIT 3
            """);

        var similar = await Serve.GetJsonAsync($"/v1/items/{Uri.EscapeDataString(track)}/similar?k=3&explain=true");
        var item = await Serve.GetJsonAsync($"/v1/items/{Uri.EscapeDataString(track)}");

        Assert.Equal(track, similar.GetProperty("item_id").GetString());
        var neighbours = similar.GetProperty("similar").EnumerateArray().ToArray();
        Assert.Equal(expected, neighbours.Select(n => n.GetProperty("item_id").GetString()));
        Assert.All(neighbours, n => Assert.Equal(track, n.GetProperty("explanation").GetProperty("tracks")[0].GetProperty("item_id").GetString()));
        Assert.Equal((track, $"Song {set.Tracks.IndexOf(track)}"), (item.GetProperty("item_id").GetString(), item.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task EventsRoundTripInTheOriginalIdsFeedOnlineRecommendationsAndSurviveAReload()
    {
        var user = set.Users[3];
        var track = set.Tracks[7];

        using var posted = await Serve.Client.PostAsJsonAsync(
            new Uri($"/v1/users/{user}/events", UriKind.Relative), new { item_id = track, timestamp = "2024-12-01T10:00:00Z" }, Ct);
        var before = await Serve.GetJsonAsync($"/v1/users/{user}/events");
        using var reload = await Serve.Client.PostAsync(new Uri("/admin/reload", UriKind.Relative), null, Ct);
        var after = await Serve.GetJsonAsync($"/v1/users/{user}/events");
        var online = await Serve.GetJsonAsync($"/v1/users/{user}/recommendations?kind=online&k=3&explain=true");

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal($"/v1/users/{user}/events", posted.Headers.Location?.OriginalString);
        Assert.Equal(track, (await posted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("item_id").GetString());
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        foreach (var events in new[] { before, after })
        {
            Assert.Equal(user, events.GetProperty("user_id").GetString());
            Assert.Equal(track, Assert.Single(events.GetProperty("events").EnumerateArray()).GetProperty("item_id").GetString());
        }

        var items = online.GetProperty("items").EnumerateArray().ToArray();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains(i.GetProperty("item_id").GetString(), set.Tracks));
        Assert.All(items, i => Assert.Equal(track, i.GetProperty("explanation").GetProperty("tracks")[0].GetProperty("item_id").GetString()));
    }

    [Fact]
    public async Task TheExplorersRandomListenerAndHistoryShowTheOriginalIds()
    {
        var user = set.Users[5];
        using var posted = await Serve.Client.PostAsJsonAsync(new Uri($"/v1/users/{user}/events", UriKind.Relative), new { item_id = set.Tracks[20] }, Ct);

        var random = await Serve.GetJsonAsync("/v1/users/random");
        var history = await Serve.GetJsonAsync($"/v1/users/{user}/history");

        Assert.Contains(random.GetProperty("user_id").GetString(), set.Users);
        Assert.Equal(user, history.GetProperty("user_id").GetString());
        var played = Assert.Single(history.GetProperty("events").EnumerateArray());
        Assert.Equal((set.Tracks[20], "Song 20"), (played.GetProperty("item_id").GetString(), played.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ExcludeTakesOriginalIds()
    {
        var user = set.Users[0];
        var first = (await Serve.GetJsonAsync($"/v1/users/{user}/recommendations?kind=offline&k=2")).GetProperty("items")[0].GetProperty("item_id").GetString()!;

        var filtered = await Serve.GetJsonAsync($"/v1/users/{user}/recommendations?kind=offline&k=2&exclude={Uri.EscapeDataString(first)},not-a-track");

        Assert.DoesNotContain(first, filtered.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item_id").GetString()));
        Assert.Equal(2, filtered.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task UnknownStringIdsAreAnsweredAsUnknownIntegerIdsAreNamingTheValue()
    {
        var stranger = await Serve.GetJsonAsync("/v1/users/nobody-knows-me/recommendations?k=3");
        var popular = await Serve.GetJsonAsync("/v1/users/nobody-knows-me/recommendations?kind=popular&k=3");
        var noEvents = await Serve.GetJsonAsync("/v1/users/nobody-knows-me/events");
        using var track = await Serve.Client.GetAsync(new Uri("/v1/items/mbid:missing", UriKind.Relative), Ct);
        using var similar = await Serve.Client.GetAsync(new Uri("/v1/items/mbid:missing/similar", UriKind.Relative), Ct);
        using var eventOfUnknownTrack = await Serve.Client.PostAsJsonAsync(
            new Uri($"/v1/users/{set.Users[0]}/events", UriKind.Relative), new { item_id = "mbid:missing" }, Ct);

        Assert.Equal("nobody-knows-me", stranger.GetProperty("user_id").GetString());
        Assert.Equal(["popular"], stranger.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(
            popular.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item_id").GetString()),
            stranger.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item_id").GetString()));
        Assert.Equal(0, noEvents.GetProperty("events").GetArrayLength());
        await AssertProblem(track, HttpStatusCode.NotFound, "mbid:missing");
        await AssertProblem(similar, HttpStatusCode.NotFound, "mbid:missing");
        await AssertProblem(eventOfUnknownTrack, HttpStatusCode.NotFound, "mbid:missing");
    }

    [Fact]
    public async Task AListenerOutsideTheMapPostsEventsAndGetsOnlineRecommendationsFromThem()
    {
        // Someone who started listening after the log was imported: not in user_ids.parquet.
        const string Newcomer = "newcomer@example.org";
        var track = set.Tracks[2];

        using var posted = await Serve.Client.PostAsJsonAsync(
            new Uri($"/v1/users/{Uri.EscapeDataString(Newcomer)}/events", UriKind.Relative), new { item_id = track }, Ct);
        var events = await Serve.GetJsonAsync($"/v1/users/{Uri.EscapeDataString(Newcomer)}/events");
        var online = await Serve.GetJsonAsync($"/v1/users/{Uri.EscapeDataString(Newcomer)}/recommendations?kind=online&k=3&explain=true");

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(track, Assert.Single(events.GetProperty("events").EnumerateArray()).GetProperty("item_id").GetString());
        Assert.Equal(Newcomer, online.GetProperty("user_id").GetString());
        Assert.Equal(["online"], online.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        var items = online.GetProperty("items").EnumerateArray().ToArray();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(track, i.GetProperty("explanation").GetProperty("tracks")[0].GetProperty("item_id").GetString()));
    }

    [Theory]
    [InlineData("/recommendations?user_id=1")]
    [InlineData("/recommendations_offline?user_id=1")]
    [InlineData("/similar_items?item_id=1")]
    [InlineData("/put?user_id=1&item_id=2")]
    [InlineData("/get?user_id=1")]
    public async Task TheSeedApiRefusesAStringSetPointingToTheRestApi(string call)
    {
        using var response = await Serve.Client.PostAsync(new Uri(call, UriKind.Relative), null, Ct);

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "string ids");
        Assert.Contains("/v1/users/{id}/recommendations", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFeaturesPeerStillAnswersTheRecommendationsRoleInTheSetsIntIds()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/similar_items?item_id=0&k=2", UriKind.Relative));
        request.Headers.Add(Encore.Server.Apis.SeedApi.InternalIdsHeader, "true");

        using var response = await Serve.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.All(body.GetProperty("item_id_2").EnumerateArray(), id => Assert.InRange(id.GetInt32(), 0, set.Tracks.Count - 1));
    }

    [Fact]
    public void AMapThatDoesNotBelongToTheDataFailsTrainNamingIt()
    {
        using var dir = new TempDirectory();
        var data = dir.Combine("data");
        Directory.CreateDirectory(data);
        foreach (var file in Directory.GetFiles(set.Data))
        {
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        }

        // A map of fewer users than events.parquet holds, as an import of another log would leave.
        using (var session = new DuckDbSession(threads: 1))
        {
            session.Execute(
                $"COPY (SELECT 0::INTEGER AS user_id, 'someone' AS original_user_id) TO {Sql.Literal(Path.Combine(data, FileNames.UserIds))} (FORMAT parquet)");
        }

        var (code, _, error) = CliHarness.Invoke(
            "train", "--data", data, "--out", dir.Combine("artifacts"), "--factors", "4", "--iterations", "2", "--threads", "2",
            "--split-date", "2024-11-25", "--no-ranker");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains($"{Path.Combine(data, FileNames.UserIds)}: maps ids 0..0, but events.parquet has user_id", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("artifacts")));
    }

    private string Parquet(string file) => $"read_parquet({Sql.Literal(Path.Combine(set.Published, file))})";

    private static List<string> OriginalList(string sql)
    {
        using var session = new DuckDbSession(threads: 1);
        return session.Query(sql, r => r.GetString(0));
    }

    private static async Task<string> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string named)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, body, StringComparison.Ordinal);
        return body;
    }
}
