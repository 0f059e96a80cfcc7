using Encore.Core.Data;

namespace Encore.Core.Tests.Data.Prepare;

/// <summary>Runs the default fixture once (step 3) and checks items.parquet and genres.parquet by hand.</summary>
public sealed class PreparedFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public PreparedFixture() => Files = PreparedFiles.Create(new RawFixture(), _directory.Path);

    public PreparedFiles Files { get; }

    public void Dispose() => _directory.Dispose();
}

public sealed class PrepareItemsTests(PreparedFixture fixture) : IClassFixture<PreparedFixture>
{
    private readonly PreparedFiles _files = fixture.Files;

    [Fact]
    public void TracksWithAnEmptyOrNullListAreDroppedAndCounted()
    {
        Assert.Equal([1, 10, 30, 40, 70], _files.Items().Select(i => i.ItemId));
        Assert.Equal(8, _files.Step(PrepareSteps.RawTracks));
        Assert.Equal(5, _files.Step(PrepareSteps.TracksKept));
        Assert.Equal(3, _files.Drop(PrepareDrops.TracksWithEmptyList));
    }

    [Fact]
    public void NamesAreLookedUpByTypeAndIdThoughIdsOverlapAcrossTypes()
    {
        var track1 = _files.Items().Single(i => i.ItemId == 1);
        Assert.Equal("Track One", track1.Name);
        Assert.Equal(["Alpha Album"], track1.Albums);
        Assert.Equal(["jazz"], track1.Genres);
        var track40 = _files.Items().Single(i => i.ItemId == 40);
        Assert.Equal(["Zeta Album"], track40.Albums);
        Assert.Equal(["Artist One"], track40.Artists);
        Assert.Equal(["rock"], track40.Genres);
    }

    [Fact]
    public void NameListsAreSortedOrdinallyAndDeduplicated()
    {
        var track10 = _files.Items().Single(i => i.ItemId == 10);
        Assert.Equal(["Alpha Album", "Zeta Album"], track10.Albums);
        Assert.Equal(["Artist One", "Artist Two"], track10.Artists);
        Assert.Equal(["pop", "rock"], track10.Genres);
    }

    [Fact]
    public void GenreIdsAreTheRawIdsAlignedWithGenreNames()
    {
        Assert.Equal([2, 1], _files.Items().Single(i => i.ItemId == 10).GenreIds);
        Assert.Equal([3], _files.Items().Single(i => i.ItemId == 1).GenreIds);
    }

    [Fact]
    public void TwoGenreIdsWithOneNameCollapseToTheSmallerId()
    {
        var track70 = _files.Items().Single(i => i.ItemId == 70);
        Assert.Equal(["pop"], track70.Genres);
        Assert.Equal([2], track70.GenreIds);
    }

    [Fact]
    public void UnknownIdsAreDroppedFromListsAndCountedPerType()
    {
        Assert.Empty(_files.Items().Single(i => i.ItemId == 1).Artists);
        Assert.Equal(0, _files.Drop(PrepareDrops.UnknownAlbumIds));
        Assert.Equal(1, _files.Drop(PrepareDrops.UnknownArtistIds));
        Assert.Equal(3, _files.Drop(PrepareDrops.UnknownGenreIds));
    }

    [Fact]
    public void TrackWhoseIdsAreAllUnknownIsKeptWithAnEmptyList()
    {
        var track30 = _files.Items().Single(i => i.ItemId == 30);
        Assert.Empty(track30.Genres);
        Assert.Empty(track30.GenreIds);
        Assert.Equal(["Zeta Album"], track30.Albums);
    }

    [Fact]
    public void MissingTitleBecomesEmptyNameAndIsCounted()
    {
        Assert.Equal("", _files.Items().Single(i => i.ItemId == 40).Name);
        Assert.Equal(1, _files.Drop(PrepareDrops.MissingTitles));
    }

    [Fact]
    public void GenresTableCountsItemsPerRawGenreIdSortedByCountThenId()
    {
        Assert.Equal(
            [new GenreRow(1, "rock", 2, 0.4), new GenreRow(2, "pop", 2, 0.4), new GenreRow(3, "jazz", 1, 0.2)],
            _files.Genres());
    }

    [Fact]
    public void ItemsAndGenresHaveTheDocumentedColumnsAndTypes()
    {
        Assert.Equal(
            ["item_id INTEGER", "name VARCHAR", "albums VARCHAR[]", "artists VARCHAR[]", "genres VARCHAR[]", "genre_ids INTEGER[]"],
            _files.Schema(FileNames.Items));
        Assert.Equal(
            ["genre_id INTEGER", "name VARCHAR", "items_count BIGINT", "score DOUBLE"],
            _files.Schema(FileNames.GenresTable));
    }
}
