using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;
using Encore.Core.Serving;

namespace Encore.Benchmarks.Service;

/// <summary>
/// <c>service-ids --artifacts DIR --out DIR</c>: the ids a load test of a real artifact set can ask for, one per line,
/// ascending: users.txt (users with offline lists) and tracks.txt (tracks with similar tracks). seed-api.lua reads them
/// through USER_IDS and TRACK_IDS, so the benchmark can run on a pipeline's own output instead of the synthetic set.
/// </summary>
public static class ServiceIdsCommand
{
    public const string Name = "service-ids";

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = CommandOptions.Parse(args, Name, "--artifacts", "--out");
            if (!options.TryGetValue("--artifacts", out var artifacts) || !options.TryGetValue("--out", out var output))
            {
                throw new EncoreException("give --artifacts DIR and --out DIR.");
            }

            Directory.CreateDirectory(output);
            using var session = new DuckDbSession();
            Export(session, ServingSetLoader.OfflineFile(artifacts), Columns.UserId, Path.Combine(output, "users.txt"));
            Export(session, Path.Combine(artifacts, ArtifactFiles.Similar), Columns.ItemId1, Path.Combine(output, "tracks.txt"));
            return 0;
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static void Export(DuckDbSession session, string parquet, string column, string path)
    {
        if (!File.Exists(parquet))
        {
            throw new EncoreException($"{parquet}: file not found.");
        }

        session.Execute(
            $"COPY (SELECT DISTINCT {Sql.Identifier(column)} FROM read_parquet({Sql.Literal(parquet)}) ORDER BY 1) " +
            $"TO {Sql.Literal(path)} (FORMAT csv, HEADER false)");
        Console.WriteLine($"{path}: {File.ReadLines(path).Count():N0} ids");
    }
}
