using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data.DuckDb;

public sealed class ListMembersTests
{
    [Fact]
    public void AValueIsFoundTwiceOnlyWithinOneListAlsoWhenTheTableGrows()
    {
        var members = new ListMembers();
        // Regularly spaced ids, more than the first table holds, and negative ones.
        int[] values = [.. Enumerable.Range(-500, 1000).Select(i => i * 1024)];

        Assert.All(values, v => Assert.True(members.Add(v)));
        Assert.All(values, v => Assert.False(members.Add(v)));
        members.Next();
        Assert.All(values, v => Assert.True(members.Add(v)));
        Assert.False(members.Add(values[^1]));
    }
}
