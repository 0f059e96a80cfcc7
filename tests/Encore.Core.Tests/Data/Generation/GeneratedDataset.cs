using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Generation;

namespace Encore.Core.Tests.Data.Generation;

/// <summary>One small generated dataset shared by the tests of a class (generating it takes about a second).</summary>
public sealed class GeneratedDataset : IDisposable
{
    public static readonly GeneratorOptions Options = new()
    {
        Users = 3_000,
        Tracks = 4_000,
        EventsPerUser = 60,
        Seed = 7,
        Threads = 2,
    };

    private readonly TempDirectory _directory = new();

    public GeneratedDataset()
    {
        Summary = DataGenerator.Generate(Options, _directory.Path);
    }

    public GenerationSummary Summary { get; }

    public string Directory => _directory.Path;

    public string Tracks => Sql.Literal(Path.Combine(Directory, FileNames.Tracks));
    public string CatalogNames => Sql.Literal(Path.Combine(Directory, FileNames.CatalogNames));
    public string Interactions => Sql.Literal(Path.Combine(Directory, FileNames.Interactions));

    public void Dispose() => _directory.Dispose();
}
