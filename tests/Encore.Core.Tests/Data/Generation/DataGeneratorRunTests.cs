using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Generation;

namespace Encore.Core.Tests.Data.Generation;

public sealed class DataGeneratorRunTests
{
    [Theory]
    [InlineData(0, 100, 10.0, null, "users")]
    [InlineData(100, 9, 10.0, null, "tracks")]
    [InlineData(100, 100, 0.0, null, "events-per-user")]
    [InlineData(100, 100, double.NaN, null, "events-per-user")]
    [InlineData(100, 100, 10.0, 0, "threads")]
    public void InvalidOptionsAreRejectedNamingTheParameter(int users, int tracks, double events, int? threads, string parameter)
    {
        var options = new GeneratorOptions { Users = users, Tracks = tracks, EventsPerUser = events, Threads = threads };
        var e = Assert.Throws<EncoreException>(options.Validate);
        Assert.StartsWith(parameter + " ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 10, 1_000.0)]
    [InlineData(50, 10, 0.01)]
    [InlineData(30, 12, 20_000.0)]
    public void TinyRunsGiveEveryUserAtLeastOneListen(int users, int tracks, double events)
    {
        using var dir = new TempDirectory();
        var summary = DataGenerator.Generate(
            new GeneratorOptions { Users = users, Tracks = tracks, EventsPerUser = events },
            dir.Path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(tracks, summary.Tracks);
        Assert.InRange(summary.Interactions, users, (long)users * tracks);
        using var db = new DuckDbSession();
        var file = Sql.Literal(Path.Combine(dir.Path, FileNames.Interactions));
        Assert.Equal(users, db.Scalar<long>($"SELECT count(DISTINCT user_id) FROM read_parquet({file})"));
    }

    [Fact]
    public void GenerateValidatesBeforeWritingAnything()
    {
        using var dir = new TempDirectory();
        var target = dir.Combine("raw");
        Assert.Throws<EncoreException>(() => DataGenerator.Generate(
            new GeneratorOptions { Users = 0, Tracks = 100 }, target, cancellationToken: TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void CancelledRunLeavesNoFiles()
    {
        using var dir = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        var progress = new CancelOnStage(ListenGenerator.Stage, cancel);
        Assert.ThrowsAny<OperationCanceledException>(() => DataGenerator.Generate(
            new GeneratorOptions { Users = 20_000, Tracks = 2_000, EventsPerUser = 50 }, dir.Path, progress, cancel.Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void ProgressReportsListensInUsersUpToTheTotal()
    {
        using var dir = new TempDirectory();
        var progress = new Recorder();
        DataGenerator.Generate(
            new GeneratorOptions { Users = 5_000, Tracks = 500, EventsPerUser = 10 }, dir.Path, progress, TestContext.Current.CancellationToken);
        var listens = progress.Updates.Where(u => u.Stage == ListenGenerator.Stage).ToList();
        Assert.Equal(5_000, listens[^1].Done);
        Assert.All(listens, u => Assert.Equal(5_000, u.Total));
        Assert.Contains(progress.Updates, u => u.Stage == "Generating catalog");
    }

    private sealed class CancelOnStage(string stage, CancellationTokenSource cancel) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value)
        {
            if (value.Stage == stage)
            {
                cancel.Cancel();
            }
        }
    }

    private sealed class Recorder : IProgress<ProgressUpdate>
    {
        private readonly Lock _lock = new();

        public List<ProgressUpdate> Updates { get; } = [];

        public void Report(ProgressUpdate value)
        {
            lock (_lock)
            {
                Updates.Add(value);
            }
        }
    }
}
