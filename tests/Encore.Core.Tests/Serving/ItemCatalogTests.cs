using Encore.Core.Serving;
using Encore.Core.Tests.Artifacts;

namespace Encore.Core.Tests.Serving;

public sealed class ItemCatalogTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Items(TempDirectory dir, string rows) =>
        ArtifactFixture.Write(
            dir.Combine("items.parquet"),
            $"SELECT item_id::INTEGER AS item_id, name, artists::VARCHAR[] AS artists, genres::VARCHAR[] AS genres FROM (VALUES {rows}) t(item_id, name, artists, genres)");

    [Fact]
    public void ShortAndLongValuesReadBackWhole()
    {
        using var dir = new TempDirectory();
        var path = Items(dir, "(1, 'Yesterday', ['The Beatles'], ['rock']), (2, 'A name far longer than twelve bytes, Ünïcödé', ['A', 'Artist with a long name'], ['pop', 'indie'])");

        var catalog = ItemCatalog.Read(path, cancellationToken: Token);

        var first = catalog.Find(1)!;
        Assert.Equal("Yesterday", first.Name);
        Assert.Equal(["The Beatles"], first.Artists);
        Assert.Equal(["rock"], first.Genres);
        var second = catalog.Find(2)!;
        Assert.Equal("A name far longer than twelve bytes, Ünïcödé", second.Name);
        Assert.Equal(["A", "Artist with a long name"], second.Artists);
        Assert.Equal(["pop", "indie"], second.Genres);
        Assert.Null(catalog.Find(3));
    }

    [Fact]
    public void ItemsInAnyOrderAreFoundById()
    {
        using var dir = new TempDirectory();
        var path = Items(dir, "(30, 'c', ['z'], []), (10, 'a', ['x'], []), (20, 'b', ['y'], [])");

        var catalog = ItemCatalog.Read(path, cancellationToken: Token);

        Assert.Equal(3, catalog.Count);
        Assert.Equal(["a", "b", "c"], new long[] { 10, 20, 30 }.Select(id => catalog.Find(id)!.Name));
        Assert.Equal(["z"], catalog.Find(30)!.Artists);
    }

    [Fact]
    public void MissingListsAndSeparatorCharactersKeepTheOtherFields()
    {
        using var dir = new TempDirectory();
        var path = Items(dir, "(1, 'odd' || chr(31) || 'name', NULL, ['g' || chr(30) || 'h'])");

        var details = ItemCatalog.Read(path, cancellationToken: Token).Find(1)!;

        Assert.Equal("odd name", details.Name);
        Assert.Empty(details.Artists);
        Assert.Equal(["g h"], details.Genres);
    }

    [Fact]
    public void ARepeatedItemIdIsNamed()
    {
        using var dir = new TempDirectory();
        var path = Items(dir, "(1, 'a', [], []), (1, 'b', [], [])");

        var error = Assert.Throws<EncoreException>(() => ItemCatalog.Read(path, cancellationToken: Token));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'item_id' holds item 1 more than once", error.Message, StringComparison.Ordinal);
    }
}
