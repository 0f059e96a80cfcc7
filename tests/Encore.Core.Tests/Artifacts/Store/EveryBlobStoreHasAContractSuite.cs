using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

/// <summary>A new <see cref="IArtifactBlobStore"/> fails here until a subclass of <see cref="BlobStoreContractTests"/> runs the contract against it.</summary>
public sealed class EveryBlobStoreHasAContractSuite
{
    [Fact]
    public void EachConcreteBlobStoreIsTestedByASubclassOfTheContract()
    {
        var stores = typeof(IArtifactBlobStore).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IArtifactBlobStore).IsAssignableFrom(type))
            .Select(type => type.FullName)
            .Order(StringComparer.Ordinal);
        var tested = Suites()
            .Select(suite => suite.GetCustomAttributes(typeof(BlobStoreContractAttribute), inherit: false).Cast<BlobStoreContractAttribute>().Single().Store.FullName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(stores, tested);
    }

    [Fact]
    public void EachSuiteNamesTheStoreItTests()
    {
        Assert.All(Suites(), suite => Assert.Single(suite.GetCustomAttributes(typeof(BlobStoreContractAttribute), inherit: false)));
    }

    private static IEnumerable<Type> Suites() =>
        typeof(EveryBlobStoreHasAContractSuite).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsSubclassOf(typeof(BlobStoreContractTests)));
}
