using Encore.Core.Tests.Artifacts;

namespace Encore.Core.Tests.Evaluation.Offline;

/// <summary>
/// A prepared data directory and an artifacts directory small enough to score by hand. Split 2022-12-16.
/// </summary>
/// <remarks>
/// user 1: train 1, 2 | test 3, 4 (both new).  user 2: train 1 | test 1 (re-listen), 5 (new).
/// user 3: train 2 | test 2 (re-listen only).  user 4: cold, test 2, 6.  Catalog: items 1–6.
/// top_popular: 1, 2.  similar: 1 → 3 (.9), 5 (.5); 2 → 4 (.8), 6 (.3).
/// personal_als: user 1 → 3, 5, 6; user 2 → 6, 5; user 3 → 1, 2.
/// </remarks>
internal sealed class EvaluationFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public EvaluationFixture(bool withSimilar = true)
    {
        Directory.CreateDirectory(Data);
        Directory.CreateDirectory(Artifacts);
        ArtifactFixture.Write(Path.Combine(Data, "items.parquet"), "SELECT CAST(i AS INTEGER) AS item_id FROM range(1, 7) t(i)");
        ArtifactFixture.Write(Path.Combine(Data, "events.parquet"), """
            SELECT * FROM (VALUES
                (1, 1, TIMESTAMP '2022-12-01'), (1, 2, TIMESTAMP '2022-12-02'), (1, 3, TIMESTAMP '2022-12-20'), (1, 4, TIMESTAMP '2022-12-21'),
                (2, 1, TIMESTAMP '2022-12-01'), (2, 1, TIMESTAMP '2022-12-20'), (2, 5, TIMESTAMP '2022-12-20'),
                (3, 2, TIMESTAMP '2022-12-01'), (3, 2, TIMESTAMP '2022-12-17'),
                (4, 2, TIMESTAMP '2022-12-18'), (4, 6, TIMESTAMP '2022-12-19'))
            t(user_id, item_id, started_at)
            """);
        File.WriteAllText(Path.Combine(Data, "split.json"), "{\"split_date\": \"2022-12-16\"}\n");
        ArtifactFixture.Write(Path.Combine(Artifacts, "top_popular.parquet"), """
            SELECT * FROM (VALUES (1, 1, 2::BIGINT, 2::BIGINT), (2, 2, 2, 2)) t(rank, item_id, plays, users)
            """);
        ArtifactFixture.Personal(Path.Combine(Artifacts, "personal_als.parquet"), """
            (1, 3, 0.9::DOUBLE, 1), (1, 5, 0.8, 2), (1, 6, 0.1, 3), (2, 6, 0.7, 1), (2, 5, 0.6, 2), (3, 1, 0.5, 1), (3, 2, 0.4, 2)
            """);
        if (withSimilar)
        {
            ArtifactFixture.Write(Path.Combine(Artifacts, "similar.parquet"), """
                SELECT * FROM (VALUES (1, 3, 0.9::DOUBLE, 1), (1, 5, 0.5, 2), (2, 4, 0.8, 1), (2, 6, 0.3, 2))
                t(item_id_1, item_id_2, score, rank)
                """);
        }
    }

    public string Data => _dir.Combine("data");

    public string Artifacts => _dir.Combine("artifacts");

    /// <summary>The default report root of <see cref="Artifacts"/>: report/ beside it, as the pipeline lays it out.</summary>
    public string ReportRoot => _dir.Combine("report");

    /// <summary>The standard protocol's report folder.</summary>
    public string Report => Path.Combine(ReportRoot, "standard");

    public string Combine(params string[] parts) => _dir.Combine(parts);

    public void Dispose() => _dir.Dispose();
}
