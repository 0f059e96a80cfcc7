using System.Security.Cryptography;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;
using Encore.Core.Training;

namespace Encore.Core.Tests.Training;

/// <summary><see cref="Trainer.Train"/> puts the catalogue the service reads into the set, listed in its manifest, and names no path.</summary>
public sealed class TrainerCatalogTests(TrainerFactorsTests.PreparedData prepared) : IClassFixture<TrainerFactorsTests.PreparedData>
{
    private static readonly TrainOptions Options = new() { Als = TrainOptions.SeedAls with { Factors = 4, Iterations = 2, Threads = 2 } };

    [Fact]
    public void TrainWritesItemsDisplayColumnsAsCatalogParquetListedWithItsHash()
    {
        using var dir = new TempDirectory();
        var artifacts = dir.Combine("artifacts");
        Trainer.Train(prepared.Data, artifacts, Options, cancellationToken: TestContext.Current.CancellationToken);

        var catalog = Path.Combine(artifacts, ArtifactFiles.Catalog);
        var items = Sql.Literal(Path.Combine(prepared.Data, FileNames.Items));
        using var db = new DuckDbSession(threads: 1);
        var source = $"read_parquet({Sql.Literal(catalog)})";
        Assert.Equal(
            "item_id INTEGER, name VARCHAR, artists VARCHAR[], genres VARCHAR[]",
            string.Join(", ", db.Query($"DESCRIBE SELECT * FROM {source}", r => $"{r.GetString(0)} {r.GetString(1)}")));
        var rows = db.Scalar<long>($"SELECT count(*) FROM {source}");
        Assert.Equal(db.Scalar<long>($"SELECT count(*) FROM read_parquet({items})"), rows);
        Assert.Equal(0L, db.Scalar<long>($"""
            SELECT count(*) FROM (
                (SELECT item_id, name, artists, genres FROM read_parquet({items}) EXCEPT SELECT * FROM {source})
                UNION ALL (SELECT * FROM {source} EXCEPT SELECT item_id, name, artists, genres FROM read_parquet({items})))
            """));
        Assert.True(db.Scalar<bool>($"SELECT bool_and(item_id > prev) FROM (SELECT item_id, lag(item_id, 1, -1) OVER () AS prev FROM {source})"));

        var entry = Manifest.Read(Path.Combine(artifacts, ArtifactFiles.Manifest)).Artifacts.Single(a => a.File == ArtifactFiles.Catalog);
        var bytes = File.ReadAllBytes(catalog);
        Assert.Equal(rows, entry.Rows);
        Assert.Equal(bytes.LongLength, entry.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), entry.Sha256);
    }

    [Fact]
    public void TheManifestNamesNoDirectory()
    {
        using var dir = new TempDirectory();
        var artifacts = dir.Combine("artifacts");
        Trainer.Train(prepared.Data, artifacts, Options, cancellationToken: TestContext.Current.CancellationToken);

        var text = File.ReadAllText(Path.Combine(artifacts, ArtifactFiles.Manifest));

        Assert.DoesNotContain(Path.GetFullPath(prepared.Data), text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"directory\"", text, StringComparison.Ordinal);
    }
}
