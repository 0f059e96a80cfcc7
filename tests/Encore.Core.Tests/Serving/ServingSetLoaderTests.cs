using Encore.Core.Artifacts;
using Encore.Core.Serving;
using Encore.Core.Tests.Artifacts;

namespace Encore.Core.Tests.Serving;

public sealed class ServingSetLoaderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static void WriteSet(TempDirectory dir)
    {
        ArtifactFixture.Personal(dir.Combine(ArtifactFiles.PersonalAls), "(1, 30, 0.9::DOUBLE, 1), (1, 10, 0.5, 2), (4, 20, 0.7, 1)");
        ArtifactFixture.Write(
            dir.Combine(ArtifactFiles.Similar),
            "SELECT * FROM (VALUES (10::INTEGER, 20::INTEGER, 0.8::DOUBLE, 1), (10, 30, 0.4, 2)) t(item_id_1, item_id_2, score, rank)");
        ArtifactFixture.Write(dir.Combine(ArtifactFiles.TopPopular), "SELECT * FROM (VALUES (20::INTEGER, 1), (10, 2)) t(item_id, rank)");
    }

    [Fact]
    public void EveryPartLoadsSideBySide()
    {
        using var dir = new TempDirectory();
        WriteSet(dir);
        var items = ArtifactFixture.Write(
            dir.Combine("items.parquet"),
            "SELECT * FROM (VALUES (10::INTEGER, 'ten', ['a'], ['rock'])) t(item_id, name, artists, genres)");

        var set = ServingSetLoader.Load(dir.Path, items, ServingParts.All, Token);

        Assert.Equal([30, 10], set.Offline.ItemsOf(1).ToArray());
        Assert.Equal([20, 10], set.TopPopular);
        Assert.Equal("ten", set.Catalog.Find(10)!.Name);
        Assert.Equal(["catalog", "offline", "popular", "similar"], set.PartSeconds.Keys);
    }

    [Fact]
    public void ABrokenCatalogFailsTheLoadNamingTheFile()
    {
        using var dir = new TempDirectory();
        WriteSet(dir);
        var items = dir.Combine("items.parquet");
        File.WriteAllText(items, "not parquet");

        var error = Assert.Throws<EncoreException>(() => ServingSetLoader.Load(dir.Path, items, ServingParts.All, Token));

        Assert.Contains(items, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSetsOwnCatalogueListedInItsManifestLoadsWithoutAnItemsFile()
    {
        using var dir = new TempDirectory();
        WriteSet(dir);
        WriteCatalog(dir);
        WriteManifest(dir, listsCatalog: true);

        var set = ServingSetLoader.Load(dir.Path, null, ServingParts.All, Token);

        Assert.Equal("ten", set.Catalog.Find(10)!.Name);
        Assert.Equal(dir.Combine(ArtifactFiles.Catalog), set.CatalogFile);
    }

    [Fact]
    public void AListedCatalogueThatIsNotThereFailsTheLoadNamingIt()
    {
        using var dir = new TempDirectory();
        WriteSet(dir);
        WriteCatalog(dir);
        WriteManifest(dir, listsCatalog: true);
        File.Delete(dir.Combine(ArtifactFiles.Catalog));

        var error = Assert.Throws<EncoreException>(() => ServingSetLoader.Load(dir.Path, null, ServingParts.All, Token));

        Assert.StartsWith($"{dir.Combine(ArtifactFiles.Catalog)}: file not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutAManifestServesItsCatalogueAndFailsNamingItWhenItIsNotThere()
    {
        using var dir = new TempDirectory();
        WriteSet(dir);

        var error = Assert.Throws<EncoreException>(() => ServingSetLoader.Load(dir.Path, null, ServingParts.All, Token));
        WriteCatalog(dir);
        var set = ServingSetLoader.Load(dir.Path, null, ServingParts.All, Token);

        Assert.StartsWith($"{dir.Combine(ArtifactFiles.Catalog)}: file not found", error.Message, StringComparison.Ordinal);
        Assert.Equal("ten", set.Catalog.Find(10)!.Name);
    }

    [Fact]
    public void ASetWhoseManifestListsNoCatalogueIsRefusedSayingHowToFixIt()
    {
        using var dir = new TempDirectory();
        WriteSet(dir);
        // An items.parquet beside the set, as an old set might have had, is not taken silently either.
        ArtifactFixture.Write(dir.Combine("items.parquet"), "SELECT 10::INTEGER AS item_id, 'ten' AS name, ['a'] AS artists, ['rock'] AS genres");
        WriteManifest(dir, listsCatalog: false);

        var error = Assert.Throws<EncoreException>(() => ServingSetLoader.Load(dir.Path, null, ServingParts.All, Token));

        Assert.StartsWith($"{dir.Combine(ArtifactFiles.Manifest)}: lists no {ArtifactFiles.Catalog}", error.Message, StringComparison.Ordinal);
        Assert.Contains("encore train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOldSetLoadsWithTheItemsFileGivenExplicitly()
    {
        using var dir = new TempDirectory();
        WriteSet(dir);
        WriteManifest(dir, listsCatalog: false);
        var items = ArtifactFixture.Write(
            dir.Combine("items.parquet"), "SELECT 10::INTEGER AS item_id, 'ten' AS name, ['a'] AS artists, ['rock'] AS genres");

        var set = ServingSetLoader.Load(dir.Path, items, ServingParts.All, Token);

        Assert.Equal("ten", set.Catalog.Find(10)!.Name);
    }

    [Fact]
    public void ThePartsWithoutTheCatalogueNeedNone()
    {
        using var dir = new TempDirectory();
        WriteSet(dir);

        var set = ServingSetLoader.Load(dir.Path, null, ServingParts.Recommendations | ServingParts.Similar, Token);

        Assert.Equal(0, set.Catalog.Count);
        Assert.Null(set.CatalogFile);
    }

    private static void WriteCatalog(TempDirectory dir) =>
        ArtifactFixture.Write(
            dir.Combine(ArtifactFiles.Catalog), "SELECT 10::INTEGER AS item_id, 'ten' AS name, ['a'] AS artists, ['rock'] AS genres");

    private static void WriteManifest(TempDirectory dir, bool listsCatalog)
    {
        string[] files = listsCatalog
            ? [ArtifactFiles.PersonalAls, ArtifactFiles.Similar, ArtifactFiles.TopPopular, ArtifactFiles.Catalog]
            : [ArtifactFiles.PersonalAls, ArtifactFiles.Similar, ArtifactFiles.TopPopular];
        new Manifest(DateTime.UtcNow, new DateOnly(2022, 12, 16), [], [], [.. files.Select(f => ManifestFile.Of(dir.Combine(f), f))], [])
            .Write(dir.Combine(ArtifactFiles.Manifest));
    }
}
