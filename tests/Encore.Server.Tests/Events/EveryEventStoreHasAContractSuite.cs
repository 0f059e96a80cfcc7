using Encore.Server.Events;

namespace Encore.Server.Tests.Events;

public sealed class EveryEventStoreHasAContractSuite
{
    [Fact]
    public void EachConcreteEventStoreIsTestedByASubclassOfTheContract()
    {
        var stores = typeof(IEventStore).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IEventStore).IsAssignableFrom(type))
            .Select(type => type.FullName)
            .Order(StringComparer.Ordinal);
        var tested = typeof(EveryEventStoreHasAContractSuite).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false, BaseType.IsGenericType: true }
                           && type.BaseType.GetGenericTypeDefinition() == typeof(EventStoreContractTests<>))
            .Select(type => type.BaseType!.GetGenericArguments()[0].FullName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(stores, tested);
    }
}
