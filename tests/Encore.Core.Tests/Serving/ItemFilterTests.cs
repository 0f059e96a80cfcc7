using Encore.Core.Data.Interactions;
using Encore.Core.Models.Similar;
using Encore.Core.Serving;
using Encore.Core.Tests.Artifacts;

namespace Encore.Core.Tests.Serving;

/// <summary>
/// <see cref="ItemFilter"/> over a small catalogue, and every list kind of <see cref="ServingRecommender"/> refilling
/// past the tracks it rejects. Catalogue: 1 rock/A, 2 pop/B, 3 pop+rock/A+"Earth, Wind &amp; Fire", 4 jazz/C,
/// 5 Rock/b (case differs), 6 rock/A; 7 is not in the catalogue.
/// </summary>
public sealed class ItemFilterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ItemCatalog _catalog;

    public ItemFilterTests()
    {
        var path = ArtifactFixture.Write(
            _dir.Combine("items.parquet"),
            "SELECT item_id::INTEGER AS item_id, name, artists::VARCHAR[] AS artists, genres::VARCHAR[] AS genres FROM (VALUES " +
            "(1, 'one', ['A'], ['rock']), (2, 'two', ['B'], ['pop']), (3, 'three', ['A', 'Earth, Wind & Fire'], ['pop', 'rock', 'pop']), " +
            "(4, 'four', ['C'], ['jazz']), (5, 'five', ['b'], ['Rock']), (6, 'six', ['A'], ['rock'])) t(item_id, name, artists, genres)");
        _catalog = ItemCatalog.Read(path, cancellationToken: TestContext.Current.CancellationToken);
    }

    public void Dispose() => _dir.Dispose();

    private ItemFilter Filter(long[]? exclude = null, string[]? genres = null, string[]? artists = null) =>
        new(_catalog, exclude ?? [], [.. (genres ?? []).Select(_catalog.Tags.GenreTag)], [.. (artists ?? []).Select(_catalog.Tags.ArtistTag)]);

    private static int[] Allowed(ItemFilter filter) => [.. Enumerable.Range(1, 7).Where(filter.Allows)];

    [Fact]
    public void NoFilterKeepsEveryTrackEvenOnesOutsideTheCatalogue()
    {
        Assert.True(ItemFilter.None.KeepsAll);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], Allowed(ItemFilter.None));
    }

    [Fact]
    public void ExcludedTracksAreRejectedAndIdsBeyondInt32AreIgnored()
    {
        var filter = Filter(exclude: [6, 2, 2, 5_000_000_000]);
        Assert.False(filter.KeepsAll);
        Assert.Equal([1, 3, 4, 5, 7], Allowed(filter));
    }

    [Fact]
    public void GenresKeepTracksWithAnyOfThemCaseInsensitively()
    {
        Assert.Equal([1, 3, 5, 6], Allowed(Filter(genres: ["ROCK"])));
        Assert.Equal([2, 3, 4], Allowed(Filter(genres: ["pop", "jazz"])));
    }

    [Fact]
    public void ArtistsMatchWholeNamesThatHoldCommas()
    {
        Assert.Equal([3], Allowed(Filter(artists: ["earth, wind & fire"])));
        Assert.Equal([2, 5], Allowed(Filter(artists: ["B"])));
    }

    [Fact]
    public void FiltersCombineExcludeAndGenresAndArtists()
    {
        Assert.Equal([1, 3, 6], Allowed(Filter(genres: ["rock"], artists: ["A"])));
        Assert.Equal([1, 3], Allowed(Filter(exclude: [6], genres: ["rock"], artists: ["A"])));
        Assert.Equal([2], Allowed(Filter(genres: ["pop"], artists: ["B"])));
    }

    [Fact]
    public void TagsAreDistinctNamesAndUnknownNamesHaveNone()
    {
        var tags = _catalog.Tags;
        Assert.Equal(3, tags.GenreCount);
        Assert.Equal(4, tags.ArtistCount);
        Assert.Equal(-1, tags.GenreTag("metal"));
        Assert.Equal(-1, tags.ArtistTag("Earth"));
        // A genre listed twice for a track is one tag.
        Assert.Equal(2, tags.GenresOf(_catalog.RowOf(3)).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemFilter(_catalog, [], [-1], []));
    }

    [Fact]
    public void SelectWalksPastHeardAndRejectedTracksUntilFull()
    {
        var positions = new int[2];
        var count = Filter(genres: ["rock"]).Select([2, 1, 4, 3, 6], [1], positions);
        Assert.Equal(2, count);
        Assert.Equal([3, 4], positions);

        count = Filter(genres: ["jazz"]).Select([2, 1, 3], [], positions);
        Assert.Equal(0, count);
    }

    [Fact]
    public void CheckingCandidatesAllocatesNothing()
    {
        var filter = Filter(exclude: [6], genres: ["rock", "pop"], artists: ["A", "B"]);
        int[] ranked = [7, 6, 5, 4, 3, 2, 1];
        var positions = new int[4];
        filter.Select(ranked, [5], positions);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = 0;
        for (var i = 0; i < 1000; i++)
        {
            count += filter.Select(ranked, [5], positions);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(3000, count);
        Assert.Equal([4, 5, 6], positions[..3]);
    }

    [Fact]
    public void PopularAndOfflineRefillFromFurtherDownTheirList()
    {
        var serving = Recommender();
        var rock = Filter(genres: ["rock"]);

        Assert.Equal([2, 1], serving.Popular(OnlineHistory.None, 2).Items);
        Assert.Equal([1, 3], serving.Popular(OnlineHistory.None, 2, rock).Items);
        Assert.Equal([6, 5], serving.Offline(9, OnlineHistory.None, 2, Filter(exclude: [4])).Items);
        Assert.Equal([5, 4], serving.Offline(9, OnlineHistory.None, 2, Filter(exclude: [6])).Items);
        // Heard tracks and filtered ones are both skipped; a list the filter exhausts comes back short, not padded.
        Assert.Equal([5], serving.Offline(9, OnlineHistory.From([6], 3), 2, Filter(exclude: [4])).Items);
        Assert.Equal(RecommendationSource.Personal, serving.Offline(9, OnlineHistory.None, 2, rock).Source);
        Assert.Empty(serving.Offline(9, OnlineHistory.None, 2, Filter(genres: ["pop"])).Items);
    }

    [Fact]
    public void OnlineRefillsWithCandidatesBeyondTheFirstK()
    {
        var serving = Recommender();
        var history = OnlineHistory.From([10, 11], 3);

        Assert.Equal([2, 1], serving.Online(history, 2).Items);
        Assert.Equal([1, 3], serving.Online(history, 2, Filter(exclude: [2])).Items);
        Assert.Equal([4], serving.Online(history, 3, Filter(genres: ["jazz"])).Items);
        var emptied = serving.Online(history, 3, Filter(genres: ["jazz"], artists: ["A"]));
        Assert.Empty(emptied.Items);
        Assert.Equal(RecommendationSource.None, emptied.Source);
    }

    [Fact]
    public void AFilterThatKeepsEverythingGivesTheUnfilteredLists()
    {
        var serving = Recommender();
        var history = OnlineHistory.From([10, 11], 3);
        var noop = Filter(exclude: [999]);
        for (var k = 1; k <= 6; k++)
        {
            Assert.Equal(serving.Popular(history, k).Items, serving.Popular(history, k, noop).Items);
            Assert.Equal(serving.Offline(9, history, k).Items, serving.Offline(9, history, k, noop).Items);
            Assert.Equal(serving.Online(history, k).Items, serving.Online(history, k, noop).Items);
        }
    }

    /// <summary>Chart 2, 1, 3, 4, 5, 6; listener 9's list 6, 5, 4; similar: 10 → 2, 1, 3; 11 → 7, 4 (lower scores).</summary>
    private ServingRecommender Recommender() => new(
        new ServingSet
        {
            Directory = "fixture",
            Offline = UserLists.FromCsr([9], [0, 3], [6, 5, 4], ListKind.Ranked),
            OfflineFile = "personal_als.parquet",
            TopPopular = [2, 1, 3, 4, 5, 6],
            Similar = SimilarItemsIndex.FromCsr([10, 11], [0, 3, 5], [2, 1, 3, 7, 4], [0.9, 0.8, 0.7, 0.6, 0.5]),
            Catalog = _catalog,
        },
        new RecommendationOptions());
}
