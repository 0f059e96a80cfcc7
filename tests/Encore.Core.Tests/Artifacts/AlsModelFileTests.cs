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

    [Fact]
    public void ReadOptionsAndIdsGivesLoadsOptionsAndIdMaps()
    {
        using var dir = new TempDirectory();
        var model = new AlsRecommender(AlsFixtures.Small() with { Iterations = 2, Seed = 11 });
        model.Fit(AlsFixtures.CheckerboardWithDiagonalWithheld(6), cancellationToken: TestContext.Current.CancellationToken);
        var path = dir.Combine("als_model.bin");
        AlsModelFile.Save(path, model, IdMap.FromIds([10L, 20, 30, 40, 50, 60]), IdMap.FromIds([7L, 8, 9, 100, 200, 300]));

        var (options, users, items) = AlsModelFile.ReadOptionsAndIds(path);
        var (loaded, loadedUsers, loadedItems) = AlsModelFile.Load(path);

        Assert.Equal(loaded.Options, options);
        Assert.Equal(loadedUsers.ExternalIds.ToArray(), users.ExternalIds.ToArray());
        Assert.Equal(loadedItems.ExternalIds.ToArray(), items.ExternalIds.ToArray());
    }

    [Fact]
    public void ReadOptionsAndIdsNamesAFileThatIsNotAModelFileOrIsCutShort()
    {
        using var dir = new TempDirectory();
        var bare = dir.Combine("bare.bin");
        var model = new AlsRecommender(AlsFixtures.Small() with { Iterations = 1 });
        model.Fit(AlsFixtures.CheckerboardWithDiagonalWithheld(4), cancellationToken: TestContext.Current.CancellationToken);
        model.Save(bare);
        var cut = dir.Combine("cut.bin");
        AlsModelFile.Save(cut, model, IdMap.FromIds([1L, 2, 3, 4]), IdMap.FromIds([1L, 2, 3, 4]));
        // Inside the model's options, after the id maps.
        File.WriteAllBytes(cut, File.ReadAllBytes(cut)[..(16 + 4 + 32 + 4 + 32 + 20)]);

        Assert.Contains(bare, Assert.Throws<EncoreException>(() => AlsModelFile.ReadOptionsAndIds(bare)).Message, StringComparison.Ordinal);
        var error = Assert.Throws<EncoreException>(() => AlsModelFile.ReadOptionsAndIds(cut));
        Assert.Contains(cut, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }
}
