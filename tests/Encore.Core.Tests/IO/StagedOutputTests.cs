using Encore.Core.IO;

namespace Encore.Core.Tests.IO;

public sealed class StagedOutputTests
{
    [Fact]
    public void CommitMovesStagedFilesIntoTheTargetDirectory()
    {
        using var dir = new TempDirectory();
        var target = dir.Combine("out");
        using (var staged = StagedOutput.Create(target))
        {
            File.WriteAllText(staged.PathFor("a.txt"), "a");
            File.WriteAllText(staged.PathFor(Path.Combine("report", "b.txt")), "b");
            Assert.False(File.Exists(Path.Combine(target, "a.txt")));
            staged.Commit();
        }

        Assert.Equal("a", File.ReadAllText(Path.Combine(target, "a.txt")));
        Assert.Equal("b", File.ReadAllText(Path.Combine(target, "report", "b.txt")));
        Assert.Equal(["a.txt"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal(["report"], Directory.GetDirectories(target).Select(Path.GetFileName));
    }

    [Fact]
    public void DisposeWithoutCommitLeavesTheTargetAsItWas()
    {
        using var dir = new TempDirectory();
        var target = dir.Combine("out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "a.txt"), "old");
        using (var staged = StagedOutput.Create(target))
        {
            File.WriteAllText(staged.PathFor("a.txt"), "new");
        }

        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "a.txt")));
        Assert.Single(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public void DisposeWithoutCommitRemovesTheTargetAndParentsThatCreateMade()
    {
        using var dir = new TempDirectory();
        var target = dir.Combine("new", "out");
        using (var staged = StagedOutput.Create(target))
        {
            File.WriteAllText(staged.PathFor("a.txt"), "never committed");
        }

        Assert.False(Directory.Exists(dir.Combine("new")));
        Assert.True(Directory.Exists(dir.Path));
    }

    [Fact]
    public void CreateRefusesAnEmptyPathWithAClearMessage()
    {
        var e = Assert.Throws<EncoreException>(() => StagedOutput.Create(""));
        Assert.Contains("empty path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateFailsWithAClearMessageWhenTheTargetIsAFile()
    {
        using var dir = new TempDirectory();
        var target = dir.Combine("file");
        File.WriteAllText(target, "x");
        var e = Assert.Throws<EncoreException>(() => StagedOutput.Create(target));
        Assert.Contains("file", e.Message, StringComparison.Ordinal);
        Assert.Contains("is a file", e.Message, StringComparison.Ordinal);
    }
}
