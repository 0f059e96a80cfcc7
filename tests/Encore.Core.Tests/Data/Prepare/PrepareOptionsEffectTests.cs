using Encore.Core.Data;

namespace Encore.Core.Tests.Data.Prepare;

public sealed class PrepareOptionsEffectTests
{
    private static EventRow E(int user, int item, int month, int day) => new(user, item, new DateTime(2022, month, day));

    [Fact]
    public void StepOneKeepsEveryListenOfAKeptTrack()
    {
        using var dir = new TempDirectory();
        var files = PreparedFiles.Create(new RawFixture(), dir.Path, new PrepareOptions { SubsampleStep = 1 });
        Assert.Equal(
            [
                E(3, 1, 11, 30), E(3, 40, 12, 2), E(3, 10, 12, 2),
                E(5, 10, 12, 1), E(5, 30, 12, 3), E(5, 1, 12, 5), E(5, 40, 12, 10), E(5, 10, 12, 17),
                E(7, 30, 12, 16), E(7, 40, 12, 20), E(7, 10, 12, 21),
            ],
            files.Events());
        Assert.Equal(0, files.Drop(PrepareDrops.ListensSubsampledOut));
        Assert.Equal(new SplitSummary(new DateOnly(2022, 12, 16), 7, 4, 2, 2, 1), files.Summary.Split);
    }

    [Fact]
    public void SplitDateMovesTheTrainTestBoundary()
    {
        using var dir = new TempDirectory();
        var files = PreparedFiles.Create(new RawFixture(), dir.Path, new PrepareOptions { SplitDate = new DateOnly(2022, 12, 2) });
        // Train: (3, 11-30), (5, 12-01). Test: the other 6; users 3 and 5 are warm, 7 is cold.
        Assert.Equal(new SplitSummary(new DateOnly(2022, 12, 2), 2, 6, 2, 3, 1), files.Summary.Split);
    }

    [Fact]
    public void TwoRunsWriteByteIdenticalFilesWhateverTheThreadCount()
    {
        using var dir = new TempDirectory();
        var first = PreparedFiles.Create(new RawFixture(), dir.Combine("a"), new PrepareOptions { Threads = 1 });
        var second = PreparedFiles.Create(new RawFixture(), dir.Combine("b"), new PrepareOptions { Threads = 2 });
        var third = PreparedFiles.Create(new RawFixture(), dir.Combine("c"), new PrepareOptions { Threads = 2 });
        foreach (var name in new[] { FileNames.Items, FileNames.Events, FileNames.GenresTable, FileNames.Split })
        {
            var bytes = File.ReadAllBytes(first.PathOf(name));
            Assert.Equal(bytes, File.ReadAllBytes(second.PathOf(name)));
            Assert.Equal(bytes, File.ReadAllBytes(third.PathOf(name)));
        }
    }

    [Fact]
    public void ProgressReportsEveryStepAsFinished()
    {
        using var dir = new TempDirectory();
        var fixture = new RawFixture();
        fixture.WriteTo(dir.Combine("raw"));
        var updates = new List<ProgressUpdate>();
        Preprocessor.Prepare(dir.Combine("raw"), dir.Combine("out"), new PrepareOptions(), new ListProgress(updates),
            TestContext.Current.CancellationToken);
        var stages = updates.Select(u => u.Stage).Distinct().ToList();
        Assert.Contains("prepare: writing events.parquet", stages);
        Assert.All(stages, stage => Assert.Contains(updates, u => u.Stage == stage && u.Done == u.Total));
    }

    [Fact]
    public void CancelledTokenStopsBeforeWritingAnything()
    {
        using var dir = new TempDirectory();
        new RawFixture().WriteTo(dir.Combine("raw"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(
            () => Preprocessor.Prepare(dir.Combine("raw"), dir.Combine("out"), new PrepareOptions(), cancellationToken: cts.Token));
        Assert.False(Directory.Exists(dir.Combine("out")));
    }

    private sealed class ListProgress(List<ProgressUpdate> updates) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => updates.Add(value);
    }
}
