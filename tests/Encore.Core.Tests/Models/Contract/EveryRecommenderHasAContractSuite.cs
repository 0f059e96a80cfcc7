using Encore.Core.Models;

namespace Encore.Core.Tests.Models.Contract;

public sealed class EveryRecommenderHasAContractSuite
{
    [Fact]
    public void EachConcreteRecommenderInCoreIsTestedByASubclassOfTheContract()
    {
        var models = typeof(IRecommender).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IRecommender).IsAssignableFrom(type))
            .Select(type => type.FullName)
            .Order(StringComparer.Ordinal);
        var tested = typeof(EveryRecommenderHasAContractSuite).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false, BaseType.IsGenericType: true }
                           && type.BaseType.GetGenericTypeDefinition() == typeof(RecommenderContractTests<>))
            .Select(type => type.BaseType!.GetGenericArguments()[0].FullName)
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(models, tested);
    }
}
