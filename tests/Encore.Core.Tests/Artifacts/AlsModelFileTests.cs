using Encore.Core.Artifacts;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Tests.Models.Als;

namespace Encore.Core.Tests.Artifacts;

public sealed class AlsModelFileTests
{
    [Fact]
    public void SaveThenLoadRoundTripsFactorsAndIdMaps()
    {
        using var dir = new TempDirectory();
        var model = new AlsRecommender(AlsFixtures.Small() with { Iterations = 2 });
        model.Fit(AlsFixtures.CheckerboardWithDiagonalWithheld(6), cancellationToken: TestContext.Current.CancellationToken);
        var users = IdMap.FromIds([10L, 20, 30, 40, 50, 60]);
        var items = IdMap.FromIds([7L, 8, 9, 100, 200, 300]);
        var path = dir.Combine("als_model.bin");

        AlsModelFile.Save(path, model, users, items);
        var (loaded, loadedUsers, loadedItems) = AlsModelFile.Load(path);

        Assert.True(model.UserFactors.Data.SequenceEqual(loaded.UserFactors.Data));
        Assert.True(model.ItemFactors.Data.SequenceEqual(loaded.ItemFactors.Data));
        Assert.Equal(users.ExternalIds.ToArray(), loadedUsers.ExternalIds.ToArray());
        Assert.Equal(items.ExternalIds.ToArray(), loadedItems.ExternalIds.ToArray());
        Assert.Equal(model.Options, loaded.Options);
    }

    [Fact]
    public void IdMapsOfTheWrongSizeAreRejected()
    {
        using var dir = new TempDirectory();
        var model = new AlsRecommender(AlsFixtures.Small() with { Iterations = 1 });
        model.Fit(AlsFixtures.CheckerboardWithDiagonalWithheld(4), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Throws<ArgumentException>(() => AlsModelFile.Save(dir.Combine("m.bin"), model, IdMap.FromIds([1L]), IdMap.FromIds([1L])));
    }

    [Fact]
    public void ABareAlsModelIsNotAModelFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("bare.bin");
        var model = new AlsRecommender(AlsFixtures.Small() with { Iterations = 1 });
        model.Fit(AlsFixtures.CheckerboardWithDiagonalWithheld(4), cancellationToken: TestContext.Current.CancellationToken);
        model.Save(path);

        var error = Assert.Throws<EncoreException>(() => AlsModelFile.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
