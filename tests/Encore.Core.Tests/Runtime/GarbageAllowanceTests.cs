using Encore.Core.Runtime;

namespace Encore.Core.Tests.Runtime;

public sealed class GarbageAllowanceTests
{
    [Fact]
    public void CollectsOnlyOnceTheAllowanceIsAllocatedAndThenCountsAgainFromThere()
    {
        var allocated = 1_000L;
        var allowance = new GarbageAllowance(500, () => allocated);

        allocated += 499;
        Assert.False(allowance.Check());

        allocated += 1;
        var collections = GC.CollectionCount(GC.MaxGeneration);
        Assert.True(allowance.Check());
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > collections);

        // The next allowance counts from the collection, not from the first one's start.
        allocated += 499;
        Assert.False(allowance.Check());
        allocated += 1;
        Assert.True(allowance.Check());
    }

    [Fact]
    public void AnAllowanceMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GarbageAllowance(0));
    }
}
