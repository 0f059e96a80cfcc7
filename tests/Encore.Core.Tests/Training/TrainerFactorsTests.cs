using System.Security.Cryptography;
using Encore.Core.Artifacts;
using Encore.Core.Data;
using Encore.Core.Data.Generation;
using Encore.Core.Tests.Artifacts;
using Encore.Core.Training;

namespace Encore.Core.Tests.Training;

/// <summary><see cref="Trainer.Train"/> writes the ALS factors as Parquet beside als_model.bin, in its manifest, deterministically.</summary>
public sealed class TrainerFactorsTests(TrainerFactorsTests.PreparedData prepared) : IClassFixture<TrainerFactorsTests.PreparedData>
{
    /// <summary>Generated and prepared once for the tests of this class.</summary>
    public sealed class PreparedData : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public PreparedData()
        {
            DataGenerator.Generate(new GeneratorOptions { Users = 500, Tracks = 700, Seed = 5, Threads = 2 }, _directory.Combine("raw"));
            Preprocessor.Prepare(_directory.Combine("raw"), Data, new PrepareOptions { Threads = 2, WriteReport = false });
        }

        public string Data => _directory.Combine("data");

        public void Dispose() => _directory.Dispose();
    }

    private static readonly TrainOptions Options = new() { Als = TrainOptions.SeedAls with { Factors = 6, Iterations = 3, Threads = 2 } };

    private static readonly string[] s_factorFiles = [ArtifactFiles.AlsUserFactors, ArtifactFiles.AlsItemFactors];

    [Fact]
    public void TrainWritesTheModelsFactorsAsParquetListedInTheManifestWithTheirHashes()
    {
        using var dir = new TempDirectory();
        var artifacts = dir.Combine("artifacts");
        Trainer.Train(prepared.Data, artifacts, Options, cancellationToken: TestContext.Current.CancellationToken);

        var (model, users, items) = AlsModelFile.Load(Path.Combine(artifacts, ArtifactFiles.AlsModel));
        var userRows = AlsFactorsFileWriterTests.ReadWithDuckDb(Path.Combine(artifacts, ArtifactFiles.AlsUserFactors), Columns.UserId, 6);
        var itemRows = AlsFactorsFileWriterTests.ReadWithDuckDb(Path.Combine(artifacts, ArtifactFiles.AlsItemFactors), Columns.ItemId, 6);
        Assert.Equal(users.ExternalIds.ToArray(), userRows.Select(r => r.Id));
        Assert.Equal(items.ExternalIds.ToArray(), itemRows.Select(r => r.Id));
        Assert.True(model.UserFactors.Data.SequenceEqual(userRows.SelectMany(r => r.Factors).ToArray()));
        Assert.True(model.ItemFactors.Data.SequenceEqual(itemRows.SelectMany(r => r.Factors).ToArray()));

        var manifest = Manifest.Read(Path.Combine(artifacts, ArtifactFiles.Manifest));
        Assert.Equal(
            [ArtifactFiles.TopPopular, ArtifactFiles.PersonalAls, ArtifactFiles.Similar, ArtifactFiles.AlsModel,
             ArtifactFiles.AlsUserFactors, ArtifactFiles.AlsItemFactors, ArtifactFiles.Catalog],
            manifest.Artifacts.Select(a => a.File));
        foreach (var (file, rows) in new[] { (ArtifactFiles.AlsUserFactors, users.Count), (ArtifactFiles.AlsItemFactors, items.Count) })
        {
            var entry = manifest.Artifacts.Single(a => a.File == file);
            var bytes = File.ReadAllBytes(Path.Combine(artifacts, file));
            Assert.Equal(rows, entry.Rows);
            Assert.Equal(bytes.LongLength, entry.Bytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), entry.Sha256);
        }
    }

    [Fact]
    public void TheSameDataAndSeedGiveByteIdenticalFactorFiles()
    {
        using var dir = new TempDirectory();
        Trainer.Train(prepared.Data, dir.Combine("a"), Options, cancellationToken: TestContext.Current.CancellationToken);
        Trainer.Train(prepared.Data, dir.Combine("b"), Options, cancellationToken: TestContext.Current.CancellationToken);

        foreach (var file in s_factorFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Combine("a"), file)), File.ReadAllBytes(Path.Combine(dir.Combine("b"), file)));
        }
    }
}
