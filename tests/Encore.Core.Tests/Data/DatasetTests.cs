using Encore.Core.Data;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Tests.Data;

public sealed class DatasetTests
{
    // Users 20 and 10; user 20 plays item 300 twice. Catalogue 100..400: item 400 is never played.
    private static readonly EventLog Train = new([20, 10, 20, 20], [300, 100, 300, 200], [1, 1, 2, 3]);
    private static readonly int[] Catalogue = [400, 100, 200, 300];

    [Fact]
    public void ShapeIsTrainUsersByEveryCatalogueItem()
    {
        var dataset = Dataset.Build(Train, Catalogue, InteractionValues.Binary);

        Assert.Equal(2, dataset.UserItems.Rows);
        Assert.Equal(4, dataset.UserItems.Columns);
        Assert.Equal([10L, 20], dataset.Users.ExternalIds.ToArray());
        Assert.Equal([100L, 200, 300, 400], dataset.Items.ExternalIds.ToArray());
        Assert.Equal(0, dataset.ItemUsers()[dataset.Items.ToInternal(400)]);
    }

    [Fact]
    public void PlayCountsAreKeptWhateverTheValueMode()
    {
        var dataset = Dataset.Build(Train, Catalogue, InteractionValues.Binary);
        var user = dataset.Users.ToInternal(20);
        var item = dataset.Items.ToInternal(300);

        Assert.Equal(1f, dataset.UserItems.Get(user, item));
        Assert.Equal(2f, dataset.PlayCounts.Get(user, item));
        Assert.Equal([1L, 1, 2, 0], dataset.ItemPlays());
        Assert.Equal([1L, 1, 1, 0], dataset.ItemUsers());
    }

    [Fact]
    public void PlaysModeFitsTheCounts()
    {
        var dataset = Dataset.Build(Train, Catalogue, InteractionValues.PlayCount);
        Assert.Equal(2f, dataset.UserItems.Get(dataset.Users.ToInternal(20), dataset.Items.ToInternal(300)));
    }

    [Fact]
    public void AnItemMissingFromTheCatalogueIsNamedWithTheFile()
    {
        var error = Assert.Throws<EncoreException>(() => Dataset.Build(Train, [100, 200], InteractionValues.Binary, "events.parquet"));
        Assert.Contains("events.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("300", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SparseUserIdsStillMapInOrder()
    {
        var train = new EventLog([2_000_000_000, 5], [100, 100], [1, 1]);
        Assert.Equal([5L, 2_000_000_000], Dataset.Build(train, Catalogue, InteractionValues.Binary).Users.ExternalIds.ToArray());
    }
}
