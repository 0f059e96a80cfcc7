using System.Globalization;
using Encore.Core.Artifacts;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// Writes an artifact set of any size with the real schemas and row order, generated in SQL, for load benchmarks of
/// the service (never real data): personal lists with distinct items per user, 10-ish similar tracks per track
/// (never the track itself), a top-popular chart and an items.parquet with names, artists and genres.
/// </summary>
internal static class SyntheticServingWriter
{
    public static void Write(string directory, int users, int tracks, int recsPerUser, int similarPerTrack, int similarSources)
    {
        Directory.CreateDirectory(directory);
        using var session = new DuckDbSession();
        string Path(string file) => Sql.Literal(System.IO.Path.Combine(directory, file));
        string Invariant(FormattableString sql) => sql.ToString(CultureInfo.InvariantCulture);
        // Multipliers are primes below the track count, so each user's (and track's) items are distinct.
        session.Execute(Invariant($"""
            COPY (SELECT CAST(u AS INTEGER) AS {Columns.UserId}, CAST((u * 7919 + r * 104729) % {tracks} AS INTEGER) AS {Columns.ItemId},
                         1.0 / r AS {Columns.Score}, CAST(r AS INTEGER) AS {ArtifactFiles.Rank}
                  FROM range({users}) a(u), range(1, {recsPerUser + 1}) b(r) ORDER BY 1, 4)
            TO {Path(ArtifactFiles.PersonalAls)} (FORMAT parquet, ROW_GROUP_SIZE {ArtifactFiles.RowGroupSize})
            """));
        session.Execute(Invariant($"""
            COPY (SELECT CAST(i AS INTEGER) AS {ArtifactFiles.ItemId1}, CAST((i + r * 7907) % {tracks} AS INTEGER) AS {ArtifactFiles.ItemId2},
                         1.0 - r / 100.0 AS {Columns.Score}, CAST(r AS INTEGER) AS {ArtifactFiles.Rank}
                  FROM range({similarSources}) a(i), range(1, {similarPerTrack + 1}) b(r) ORDER BY 1, 4)
            TO {Path(ArtifactFiles.Similar)} (FORMAT parquet, ROW_GROUP_SIZE {ArtifactFiles.RowGroupSize})
            """));
        session.Execute(Invariant($"""
            COPY (SELECT CAST(r AS INTEGER) AS {ArtifactFiles.Rank}, CAST(r * 13 AS INTEGER) AS {Columns.ItemId},
                         CAST(100000 - r AS BIGINT) AS {ArtifactFiles.Plays}, CAST(100000 - r AS BIGINT) AS {ArtifactFiles.Users}
                  FROM range(1, 101) a(r))
            TO {Path(ArtifactFiles.TopPopular)} (FORMAT parquet)
            """));
        session.Execute(Invariant($"""
            COPY (SELECT CAST(i AS INTEGER) AS {Columns.ItemId}, 'Track ' || i AS {Columns.Name},
                         ['Artist ' || (i % 100000)] AS {Columns.Artists}, ['genre ' || (i % 50), 'genre ' || (i % 7)] AS {Columns.Genres}
                  FROM range({tracks}) a(i))
            TO {Path(FileNames.Items)} (FORMAT parquet)
            """));
    }
}
