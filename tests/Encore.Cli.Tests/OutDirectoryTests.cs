namespace Encore.Cli.Tests;

/// <summary>
/// A failed run leaves no --out directory that it created, empty or partial (issue 12), and never removes one that
/// was there before it.
/// </summary>
public sealed class OutDirectoryTests : IClassFixture<TrainCommandTests.PreparedData>
{
    private readonly TrainCommandTests.PreparedData _data;

    public OutDirectoryTests(TrainCommandTests.PreparedData data) => _data = data;

    private static string BadEvents(TempDirectory dir)
    {
        var events = dir.Combine("events.csv");
        // A blank user id: bad whatever the kind of ids (any other text is a string id, which import maps).
        File.WriteAllText(events, "user_id,item_id\n1,2\n,3\n");
        return events;
    }

    [Fact]
    public void AFailedImportRemovesTheOutDirectoryAndTheParentsItCreated()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("new", "out");

        var (code, _, error) = CliHarness.Invoke("import", "--events", BadEvents(dir), "--out", output);

        Assert.True(code == 1, error);
        Assert.False(Directory.Exists(dir.Combine("new")), "the directories the failed run created are gone");
    }

    [Fact]
    public void AFailedImportLeavesAnOutDirectoryThatExistedAndItsFiles()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");

        var (code, _, error) = CliHarness.Invoke("import", "--events", BadEvents(dir), "--out", output);

        Assert.True(code == 1, error);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public void TrainWhoseRankerFailsTakesBackTheArtifactsDirectoryItCreated()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("artifacts");

        // Every listen is before 2100, so ALS trains and commits; the ranker then has no label window and fails.
        var (code, _, error) = CliHarness.Invoke(
            "train", "--data", _data.Path, "--out", output, "--factors", "4", "--iterations", "2", "--threads", "2", "--split-date", "2100-01-01");

        Assert.True(code == 1, error);
        Assert.False(Directory.Exists(output), "a failed train leaves no partial artifact set behind");
    }

    [Fact]
    public void AFailedPipelineRemovesTheOutDirectoryItCreated()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("run");

        var (code, _, error) = CliHarness.Invoke("pipeline", "--raw", dir.Combine("no-raw"), "--out", output);

        Assert.True(code == 1, error);
        Assert.Contains("tracks.parquet", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}
