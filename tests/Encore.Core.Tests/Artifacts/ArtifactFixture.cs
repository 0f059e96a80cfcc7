using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Artifacts;

/// <summary>Writes small Parquet files from SQL, as train and prepare would.</summary>
internal static class ArtifactFixture
{
    public static string Write(string path, string select)
    {
        using var session = new DuckDbSession();
        session.Execute($"COPY ({select}) TO {Sql.Literal(path)} (FORMAT parquet)");
        return path;
    }

    /// <summary>A (user_id, item_id, score, rank) file from literal rows.</summary>
    public static string Personal(string path, string rows) =>
        Write(path, $"SELECT * FROM (VALUES {rows}) t(user_id, item_id, score, rank)");
}
