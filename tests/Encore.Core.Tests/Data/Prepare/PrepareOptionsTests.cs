using Encore.Core.Data;
using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data.Prepare;

public sealed class PrepareOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void SubsampleStepBelowOneIsRejectedByName(int step)
    {
        var e = Assert.Throws<EncoreException>(() => new PrepareOptions { SubsampleStep = step }.Validate());
        Assert.Contains("subsample-step", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("6")]
    [InlineData("6GB'; DROP TABLE x")]
    public void MalformedMemoryLimitIsRejectedByName(string limit)
    {
        var e = Assert.Throws<EncoreException>(() => new PrepareOptions { MemoryLimit = limit }.Validate());
        Assert.Contains("memory-limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroThreadsIsRejectedByName()
    {
        var e = Assert.Throws<EncoreException>(() => new PrepareOptions { Threads = 0 }.Validate());
        Assert.Contains("threads", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6GB")]
    [InlineData("512MiB")]
    [InlineData("1.5GB")]
    [InlineData("100 mb")]
    public void EveryAcceptedMemoryLimitIsOneDuckDbUnderstands(string limit)
    {
        new PrepareOptions { MemoryLimit = limit }.Validate();
        using var session = new DuckDbSession(memoryLimit: limit);
        Assert.True(session.Scalar<string>("SELECT current_setting('memory_limit')").Length > 0);
    }

    [Fact]
    public void DefaultsAreTheSeeds()
    {
        var options = new PrepareOptions();
        options.Validate();
        Assert.Equal(3, options.SubsampleStep);
        Assert.Equal(new DateOnly(2022, 12, 16), options.SplitDate);
    }
}
