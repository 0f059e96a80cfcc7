using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;
using Encore.Core.Tests.Artifacts;

namespace Encore.Cli.Tests;

/// <summary>encore serve's start-up errors: one line naming the option, path or argument, exit code 1.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public void WithoutArtifactsServeFailsNamingTheOption()
    {
        var (code, _, error) = CliHarness.Invoke("serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Contains("Artifacts:Location is required", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void AMissingArtifactsDirectoryFailsNamingIt()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("nothing");

        var (code, _, error) = CliHarness.Invoke("serve", "--artifacts", missing, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidSettingFailsNamingIt()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke("serve", "--artifacts", dir.Path, "--urls", "http://127.0.0.1:0", "--Recommendations:MaxK=0");

        Assert.Equal(1, code);
        Assert.Contains("Recommendations:MaxK must be between 1 and 10000; got 0.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidFilterLimitFailsNamingIt()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke("serve", "--artifacts", dir.Path, "--urls", "http://127.0.0.1:0", "--Recommendations:MaxFilterValues=0");

        Assert.Equal(1, code);
        Assert.Contains("Recommendations:MaxFilterValues must be between 1 and 100000; got 0.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AStrayArgumentIsRejected()
    {
        var (code, _, error) = CliHarness.Invoke("serve", "--artifacts", "a", "oops");

        Assert.Equal(1, code);
        Assert.Contains("'oops'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASetWithACorruptDataPageFailsTheStartNamingTheFileInsteadOfLoadingForever()
    {
        using var dir = new TempDirectory();
        using (var session = new DuckDbSession(threads: 1))
        {
            session.Execute($"""
                COPY (SELECT (i // 20)::INTEGER AS user_id, (5000 + i % 20)::INTEGER AS item_id, (1.0 - (i % 20) / 20.0)::DOUBLE AS score,
                             (i % 20 + 1)::INTEGER AS rank FROM range(60000) t(i) ORDER BY i)
                TO {Sql.Literal(dir.Combine(ArtifactFiles.PersonalAls))} (FORMAT parquet)
                """);
            session.Execute($"COPY (SELECT 1::INTEGER AS rank, 5000::INTEGER AS item_id) TO {Sql.Literal(dir.Combine(ArtifactFiles.TopPopular))} (FORMAT parquet)");
            session.Execute($"""
                COPY (SELECT 5000::INTEGER AS item_id_1, 5001::INTEGER AS item_id_2, 0.5::DOUBLE AS score, 1::INTEGER AS rank)
                TO {Sql.Literal(dir.Combine(ArtifactFiles.Similar))} (FORMAT parquet)
                """);
            session.Execute($"""
                COPY (SELECT 5000::INTEGER AS item_id, 'Five thousand' AS name, ['A'] AS artists, ['rock'] AS genres)
                TO {Sql.Literal(dir.Combine(ArtifactFiles.Catalog))} (FORMAT parquet)
                """);
        }

        string[] files = [ArtifactFiles.PersonalAls, ArtifactFiles.TopPopular, ArtifactFiles.Similar, ArtifactFiles.Catalog];
        new Manifest(DateTime.UtcNow, new DateOnly(2022, 12, 16), [], [], [.. files.Select(f => ManifestFile.Of(dir.Combine(f), f))], [])
            .Write(dir.Combine(ArtifactFiles.Manifest));
        ParquetDamage.CorruptDataPages(dir.Combine(ArtifactFiles.PersonalAls));

        // Bounded: before the fix this start waited on a load that never ended.
        var (code, _, error) = await Task.Run(
            () => CliHarness.Invoke("serve", "--artifacts", dir.Path, "--urls", "http://127.0.0.1:0"), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        Assert.Equal(1, code);
        Assert.Contains($"{dir.Combine(ArtifactFiles.PersonalAls)}: cannot be read as Parquet", error, StringComparison.Ordinal);
    }
}
