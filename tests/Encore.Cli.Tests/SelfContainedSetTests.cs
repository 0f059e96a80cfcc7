using System.Text;
using System.Text.Json;
using Encore.Cli.Commands;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;

namespace Encore.Cli.Tests;

/// <summary>
/// An artifact set serves on its own: trained, published to a folder, its data directory moved away (as on another
/// machine), <c>encore serve --artifacts PUBLISHED</c> without <c>--data</c> still shows names, details and
/// /v1/items; a set without its catalogue fails the start naming the file and the fix.
/// </summary>
public sealed class SelfContainedSetTests(SelfContainedSetTests.PublishedSet published) : IClassFixture<SelfContainedSetTests.PublishedSet>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// generate → prepare → train → publish once for the class; then the data directory is moved and the trained set
    /// deleted, so only the published folder is where train left it.
    /// </summary>
    public sealed class PublishedSet : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public PublishedSet()
        {
            var data = _directory.Combine("data");
            var trained = _directory.Combine("trained");
            Run("generate", "--out", _directory.Combine("raw"), "--users", "600", "--tracks", "900", "--seed", "3");
            Run("prepare", "--raw", _directory.Combine("raw"), "--out", data);
            Run("train", "--data", data, "--out", trained, "--factors", "8", "--iterations", "3", "--threads", "2", "--ranker-trees", "20");
            Run("publish", "--artifacts", trained, "--to", Published);
            Directory.Move(data, MovedData);
            Directory.Delete(trained, recursive: true);
            Directory.Delete(_directory.Combine("raw"), recursive: true);
        }

        /// <summary>The root every path of this fixture is under (a path no artifact may name).</summary>
        public string Root => _directory.Path;

        public string Published => _directory.Combine("published");

        /// <summary>Where the prepared data lives now: not where train read it.</summary>
        public string MovedData => _directory.Combine("moved-data");

        public void Dispose() => _directory.Dispose();

        private static void Run(params string[] args)
        {
            var (code, _, error) = CliHarness.Invoke(args);
            Assert.True(code == 0, $"encore {args[0]}: {error}");
        }
    }

    [Fact]
    public async Task APublishedFolderAloneServesNamesDetailsAndItems()
    {
        var names = Names(Path.Combine(published.MovedData, "items.parquet"));
        var (user, offline) = FirstOfflineList(Path.Combine(published.Published, ArtifactFiles.Recommendations));

        await using var serve = await InProcessServe.StartAsync(new ServeSettings(published.Published, null, "http://127.0.0.1:0", "all", []));

        var recs = await serve.GetJsonAsync($"/v1/users/{user}/recommendations?kind=offline&k=5&details=true");
        var items = recs.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(offline.Take(5), items.Select(i => i.GetProperty("item_id").GetInt32()));
        Assert.All(items, i => Assert.Equal(names[i.GetProperty("item_id").GetInt32()], i.GetProperty("name").GetString()));
        var item = await serve.GetJsonAsync($"/v1/items/{offline[0]}");
        Assert.Equal(names[offline[0]], item.GetProperty("name").GetString());
        Assert.True(item.GetProperty("artists").GetArrayLength() > 0);
    }

    [Fact]
    public void NoFileOfThePublishedSetNamesAPathOfTheMachineItWasTrainedOn()
    {
        var root = Encoding.UTF8.GetBytes(published.Root);
        var files = Directory.GetFiles(published.Published);

        Assert.Contains(Path.Combine(published.Published, ArtifactFiles.Catalog), files);
        Assert.All(files, file => Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(root) < 0, $"{Path.GetFileName(file)} names {published.Root}"));
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(published.Published, ArtifactFiles.Manifest)));
        Assert.False(manifest.RootElement.GetProperty("data").TryGetProperty("directory", out _));
    }

    [Fact]
    public async Task ASetWithoutItsCatalogueFileFailsTheStartNamingIt()
    {
        using var dir = new TempDirectory();
        var set = CopyOfThePublishedSet(dir);
        File.Delete(Path.Combine(set, ArtifactFiles.Catalog));

        var (code, _, error) = await ServeUntilItExitsAsync(set);

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains($"{Path.Combine(set, ArtifactFiles.Catalog)}: file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOldSetWhoseManifestListsNoCatalogueFailsTheStartSayingHowToFixIt()
    {
        using var dir = new TempDirectory();
        var set = CopyOfThePublishedSet(dir);
        WithoutTheCatalogue(set);

        var (code, _, error) = await ServeUntilItExitsAsync(set);

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains($"{Path.Combine(set, ArtifactFiles.Manifest)}: lists no {ArtifactFiles.Catalog}", error, StringComparison.Ordinal);
        Assert.Contains("encore train", error, StringComparison.Ordinal);
        Assert.Contains("--data", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOldSetServesNamesFromTheDataDirectoryGivenWithData()
    {
        using var dir = new TempDirectory();
        var set = CopyOfThePublishedSet(dir);
        WithoutTheCatalogue(set);
        var names = Names(Path.Combine(published.MovedData, "items.parquet"));
        var (_, offline) = FirstOfflineList(Path.Combine(set, ArtifactFiles.Recommendations));

        await using var serve = await InProcessServe.StartAsync(new ServeSettings(set, published.MovedData, "http://127.0.0.1:0", "all", []));

        Assert.Equal(names[offline[0]], (await serve.GetJsonAsync($"/v1/items/{offline[0]}")).GetProperty("name").GetString());
    }

    /// <summary>
    /// <c>encore serve</c> on <paramref name="set"/>, which must fail its start; bounded, because a set that loads would
    /// serve until stopped.
    /// </summary>
    private static Task<(int ExitCode, string Output, string Error)> ServeUntilItExitsAsync(string set) =>
        Task.Run(() => CliHarness.Invoke("serve", "--artifacts", set, "--urls", "http://127.0.0.1:0"), Ct).WaitAsync(TimeSpan.FromMinutes(2), Ct);

    private string CopyOfThePublishedSet(TempDirectory dir)
    {
        var set = dir.Combine("set");
        Directory.CreateDirectory(set);
        foreach (var file in Directory.GetFiles(published.Published))
        {
            File.Copy(file, Path.Combine(set, Path.GetFileName(file)));
        }

        return set;
    }

    /// <summary>Makes <paramref name="set"/> look like one written before sets carried their catalogue.</summary>
    private static void WithoutTheCatalogue(string set)
    {
        File.Delete(Path.Combine(set, ArtifactFiles.Catalog));
        var path = Path.Combine(set, ArtifactFiles.Manifest);
        var manifest = Manifest.Read(path);
        (manifest with { Artifacts = [.. manifest.Artifacts.Where(f => f.File != ArtifactFiles.Catalog)] }).Write(path);
    }

    private static Dictionary<int, string> Names(string itemsPath)
    {
        using var db = new DuckDbSession(threads: 1);
        return db.Query($"SELECT item_id, name FROM read_parquet({Sql.Literal(itemsPath)})", r => (r.GetInt32(0), r.GetString(1)))
            .ToDictionary(p => p.Item1, p => p.Item2);
    }

    /// <summary>The listener with the lowest id and their offline list, in rank order.</summary>
    private static (int User, int[] Items) FirstOfflineList(string path)
    {
        using var db = new DuckDbSession(threads: 1);
        var source = $"read_parquet({Sql.Literal(path)})";
        var user = db.Scalar<int>($"SELECT min(user_id) FROM {source}");
        return (user, [.. db.Query($"SELECT item_id FROM {source} WHERE user_id = {user} ORDER BY rank", r => r.GetInt32(0))]);
    }
}
