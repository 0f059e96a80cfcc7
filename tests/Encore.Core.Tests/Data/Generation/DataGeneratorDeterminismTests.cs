using Encore.Core.Data.Generation;

namespace Encore.Core.Tests.Data.Generation;

public sealed class DataGeneratorDeterminismTests
{
    private static readonly GeneratorOptions s_small = new() { Users = 5_000, Tracks = 1_500, EventsPerUser = 40, Seed = 11 };

    [Fact]
    public void SameOptionsGiveByteIdenticalFiles()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        DataGenerator.Generate(s_small with { Threads = 2 }, a.Path, cancellationToken: TestContext.Current.CancellationToken);
        DataGenerator.Generate(s_small with { Threads = 2 }, b.Path, cancellationToken: TestContext.Current.CancellationToken);
        AssertSameFiles(a.Path, b.Path);
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheFiles()
    {
        using var one = new TempDirectory();
        using var three = new TempDirectory();
        DataGenerator.Generate(s_small with { Threads = 1 }, one.Path, cancellationToken: TestContext.Current.CancellationToken);
        DataGenerator.Generate(s_small with { Threads = 3 }, three.Path, cancellationToken: TestContext.Current.CancellationToken);
        AssertSameFiles(one.Path, three.Path);
    }

    [Fact]
    public void ADifferentSeedGivesDifferentListens()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        DataGenerator.Generate(s_small, a.Path, cancellationToken: TestContext.Current.CancellationToken);
        DataGenerator.Generate(s_small with { Seed = 12 }, b.Path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEqual(
            File.ReadAllBytes(Path.Combine(a.Path, FileNames.Interactions)),
            File.ReadAllBytes(Path.Combine(b.Path, FileNames.Interactions)));
    }

    private static void AssertSameFiles(string left, string right)
    {
        foreach (var name in new[] { FileNames.Tracks, FileNames.CatalogNames, FileNames.Interactions })
        {
            var l = File.ReadAllBytes(Path.Combine(left, name));
            var r = File.ReadAllBytes(Path.Combine(right, name));
            Assert.True(l.AsSpan().SequenceEqual(r), $"{name} differs between the two runs.");
        }
    }
}
