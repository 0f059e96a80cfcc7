using Encore.Core.Tests.Artifacts.Store;

namespace Encore.Cli.Tests;

/// <summary><c>encore publish</c> and <c>encore fetch</c> between local folders, and their one-line errors.</summary>
public sealed class StoreCommandsTests
{
    [Fact]
    public void PublishThenFetchCopiesTheSetAndSaysWhatMoved()
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("art"));

        var (code, output, error) = CliHarness.Invoke("publish", "--artifacts", dir.Combine("art"), "--to", dir.Combine("remote"));
        Assert.True(code == 0, error);
        Assert.Contains($"Published {ArtifactSets.Files.Length} files", output, StringComparison.Ordinal);
        (code, output, error) = CliHarness.Invoke("fetch", "--from", dir.Combine("remote"), "--out", dir.Combine("got"));
        Assert.True(code == 0, error);
        Assert.Contains($"Fetched {ArtifactSets.Files.Length} files", output, StringComparison.Ordinal);
        (code, output, _) = CliHarness.Invoke("fetch", "--from", dir.Combine("remote"), "--out", dir.Combine("got"));

        Assert.Equal(0, code);
        Assert.Contains($"Fetched 0 files, 0.0 MB from {dir.Combine("remote")}", output, StringComparison.Ordinal);
        Assert.Contains($"{ArtifactSets.Files.Length} already in place", output, StringComparison.Ordinal);
        ArtifactSets.AssertSame(ArtifactSets.Snapshot(dir.Combine("art")), ArtifactSets.Snapshot(dir.Combine("got")));
    }

    [Theory]
    [InlineData("s3://Bad_Bucket/x", "'Bad_Bucket' is not a bucket name")]
    [InlineData("ftp://host/x", "scheme 'ftp://' is not supported")]
    public void AMalformedDestinationIsOneLineAndExitCodeOne(string destination, string reason)
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Path);

        var (code, _, error) = CliHarness.Invoke("publish", "--artifacts", dir.Path, "--to", destination);

        Assert.Equal(1, code);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void FetchFromAFolderWithoutASetSaysSo()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke("fetch", "--from", dir.Combine("nothing"), "--out", dir.Combine("got"));

        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
