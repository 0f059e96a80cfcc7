using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;
using Encore.Core.Tests.Artifacts;

namespace Encore.Server.Tests.Chaos;

/// <summary>The ways an artifact set arrives broken: damaged bytes, a wrong schema, or contents that break the set's contract.</summary>
public enum ArtifactDamage
{
    /// <summary>personal_als.parquet with its data pages overwritten and its footer intact (a bad disk, a torn copy).</summary>
    CorruptDataPage,

    /// <summary>similar.parquet cut in half (a copy that stopped).</summary>
    TruncatedFile,

    /// <summary>top_popular.parquet holds text.</summary>
    NotParquet,

    /// <summary>personal_als.parquet's user_id is VARCHAR.</summary>
    WrongColumnType,

    /// <summary>personal_als.parquet has every row twice: lists would be [a, a, b, b, …].</summary>
    DuplicateRows,

    /// <summary>top_popular.parquet has no rows: every listener without a list would get nothing.</summary>
    EmptyPopular,

    /// <summary>similar.parquet is gone.</summary>
    MissingFile,

    /// <summary>catalog.parquet is gone though manifest.json lists it: names, details and /v1/items would be lost.</summary>
    MissingCatalog,

    /// <summary>manifest.json does not list catalog.parquet, as in a set written before sets carried their catalogue.</summary>
    UnlistedCatalog,
}

/// <summary>Breaks one file of a <see cref="Serving.TinyArtifacts"/> set the way an <see cref="ArtifactDamage"/> says.</summary>
internal static class DamagedArtifactSets
{
    /// <summary>Damages the set in <paramref name="directory"/>; returns the name of the file that is now bad.</summary>
    public static string Apply(ArtifactDamage damage, string directory)
    {
        var personal = Path.Combine(directory, ArtifactFiles.PersonalAls);
        switch (damage)
        {
            case ArtifactDamage.CorruptDataPage:
                // Enough rows for many pages, so the damage lands in data pages and not in the footer.
                Write(personal, """
                    SELECT (1000 + i // 20)::INTEGER AS user_id, (5000 + i % 20)::INTEGER AS item_id,
                           (1.0 - (i % 20) / 20.0)::DOUBLE AS score, (i % 20 + 1)::INTEGER AS rank
                    FROM range(60000) t(i) ORDER BY i
                    """);
                ParquetDamage.CorruptDataPages(personal);
                return ArtifactFiles.PersonalAls;
            case ArtifactDamage.TruncatedFile:
                ParquetDamage.Truncate(Path.Combine(directory, ArtifactFiles.Similar));
                return ArtifactFiles.Similar;
            case ArtifactDamage.NotParquet:
                File.WriteAllText(Path.Combine(directory, ArtifactFiles.TopPopular), "rank,item_id\n1,100\n");
                return ArtifactFiles.TopPopular;
            case ArtifactDamage.WrongColumnType:
                Write(personal, "SELECT CAST(1 AS VARCHAR) AS user_id, 10::INTEGER AS item_id, 0.9::DOUBLE AS score, 1::INTEGER AS rank");
                return ArtifactFiles.PersonalAls;
            case ArtifactDamage.DuplicateRows:
                Write(personal, $"SELECT p.* FROM read_parquet({Sql.Literal(personal)}) p CROSS JOIN range(2) ORDER BY p.user_id, p.rank");
                return ArtifactFiles.PersonalAls;
            case ArtifactDamage.EmptyPopular:
                Write(Path.Combine(directory, ArtifactFiles.TopPopular),
                    "SELECT 1::INTEGER AS rank, 1::INTEGER AS item_id, 1::BIGINT AS plays, 1::BIGINT AS users WHERE false");
                return ArtifactFiles.TopPopular;
            case ArtifactDamage.MissingFile:
                File.Delete(Path.Combine(directory, ArtifactFiles.Similar));
                return ArtifactFiles.Similar;
            case ArtifactDamage.MissingCatalog:
                File.Delete(Path.Combine(directory, ArtifactFiles.Catalog));
                return ArtifactFiles.Catalog;
            case ArtifactDamage.UnlistedCatalog:
                var manifestPath = Path.Combine(directory, ArtifactFiles.Manifest);
                var manifest = Manifest.Read(manifestPath);
                (manifest with { Artifacts = [.. manifest.Artifacts.Where(f => f.File != ArtifactFiles.Catalog)] }).Write(manifestPath);
                return ArtifactFiles.Catalog;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }

    /// <summary>Writes a query's rows through a temp file, so a query may read the file it replaces.</summary>
    private static void Write(string path, string select)
    {
        var temp = path + ".tmp";
        using (var session = new DuckDbSession(threads: 1))
        {
            session.Execute($"COPY ({select}) TO {Sql.Literal(temp)} (FORMAT parquet)");
        }

        File.Move(temp, path, overwrite: true);
    }
}
