using Encore.Server.Events;

namespace Encore.Server.Tests.Events;

public sealed class InMemoryEventStoreContractTests : EventStoreContractTests<InMemoryEventStore>
{
    protected override InMemoryEventStore CreateStore(int capacity) => new(capacity);
}
