using Encore.Core.Data.Generation;
using Encore.Core.Pipeline;

namespace Encore.Core.Tests.Pipeline;

/// <summary>
/// Tiny generated raw data and one complete pipeline run on it; each test works on its own copy of that run.
/// </summary>
public sealed class PipelineFixture : IDisposable
{
    /// <summary>Small enough for seconds per run: 4 factors, 2 iterations, two threads; a ranker of 20 trees on one thread.</summary>
    public static readonly string[] Settings =
    [
        "prepare.threads=2", "prepare.memory_limit=1GB",
        "train.als.factors=4", "train.als.iterations=2", "train.als.threads=2",
        "ranker.model.trees=20", "ranker.model.threads=1",
    ];

    private readonly TempDirectory _directory = new();

    public PipelineFixture()
    {
        DataGenerator.Generate(new GeneratorOptions { Users = 1_000, Tracks = 1_000, Seed = 5, Threads = 2 }, Raw);
        FirstRun = PipelineRunner.Run(Layout(Golden), Steps(), new PipelineRunOptions());
    }

    public string Raw => _directory.Combine("raw");

    /// <summary>The output of the first run; read-only for the tests.</summary>
    public string Golden => _directory.Combine("golden");

    public PipelineSummary FirstRun { get; }

    public PipelineLayout Layout(string output) => new(Raw, output);

    public static IReadOnlyList<IPipelineStep> Steps(params string[] extra) =>
        PipelineSteps.From(PipelineConfig.Load(null, [.. Settings, .. extra]));

    /// <summary>A fresh copy of the first run's output directory, state files included.</summary>
    public PipelineLayout CopyOfFirstRun(TempDirectory into)
    {
        var target = into.Combine("out");
        foreach (var file in Directory.EnumerateFiles(Golden, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Golden, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return Layout(target);
    }

    public void Dispose() => _directory.Dispose();
}
