using System.Globalization;
using System.Text;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;

namespace Encore.Server.Tests.Serving;

/// <summary>
/// A hand-made artifact set small enough to compute every answer by hand, written as Parquet through DuckDB with the
/// artifacts' real schemas, the catalogue (catalog.parquet) included:
/// <list type="bullet">
/// <item>top popular: 100, 101, 102, 103, 104, 105;</item>
/// <item>personal lists: user 1 → 10, 11, 12, 13, 14; user 2 → 20, 21, 22, 23 (users 3 and 999 have none);</item>
/// <item>similar: 50 → 60 (.9), 61 (.8), 10 (.7); 51 → 62 (.95), 60 (.5), 63 (.4); 52 → 64 (.85).</item>
/// </list>
/// </summary>
public sealed class TinyArtifacts : IDisposable
{
    public static readonly int[] Popular = [100, 101, 102, 103, 104, 105];
    public static readonly int[] User1 = [10, 11, 12, 13, 14];
    public static readonly int[] User2 = [20, 21, 22, 23];

    private readonly TempDirectory _directory = new();

    /// <summary>The catalogue's rows, <c>(item_id, name, artists, genres)</c> as SQL values.</summary>
    public static readonly string[] Catalog =
    [
        "(10, 'Ten', ['Artist A'], ['rock'])",
        "(60, 'Sixty', ['Artist B', 'Artist C'], ['pop', 'rock'])",
        "(100, 'Hundred', ['Artist D'], ['rap'])",
    ];

    /// <param name="popular">The chart; <see cref="Popular"/> by default.</param>
    /// <param name="catalog">The catalogue's rows; <see cref="Catalog"/> by default.</param>
    public TinyArtifacts(int[]? popular = null, string[]? catalog = null)
    {
        Write(Directory, popular ?? Popular, catalog);
    }

    /// <summary>The artifacts directory.</summary>
    public string Directory => _directory.Path;

    /// <summary>Writes the set into <paramref name="directory"/>, with <paramref name="popular"/> as the chart.</summary>
    public static void Write(string directory, int[] popular, string[]? catalog = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        using var session = new DuckDbSession(threads: 1);
        Copy(session, Path.Combine(directory, ArtifactFiles.TopPopular), "rank INTEGER, item_id INTEGER, plays BIGINT, users BIGINT",
            popular.Select((item, i) => $"({i + 1}, {item}, {1000 - i}, {1000 - i})"));
        Copy(session, Path.Combine(directory, ArtifactFiles.PersonalAls), "user_id INTEGER, item_id INTEGER, score DOUBLE, rank INTEGER",
            [.. Ranked(1, User1), .. Ranked(2, User2)]);
        Copy(session, Path.Combine(directory, ArtifactFiles.Similar), "item_id_1 INTEGER, item_id_2 INTEGER, score DOUBLE, rank INTEGER",
        [
            "(50, 60, 0.9, 1)", "(50, 61, 0.8, 2)", "(50, 10, 0.7, 3)",
            "(51, 62, 0.95, 1)", "(51, 60, 0.5, 2)", "(51, 63, 0.4, 3)",
            "(52, 64, 0.85, 1)",
        ]);
        Copy(session, Path.Combine(directory, ArtifactFiles.Catalog), "item_id INTEGER, name VARCHAR, artists VARCHAR[], genres VARCHAR[]",
            catalog ?? Catalog);
        var manifest = new Manifest(
            DateTime.UtcNow, new DateOnly(2022, 12, 16), [], [],
            [.. new[] { ArtifactFiles.TopPopular, ArtifactFiles.PersonalAls, ArtifactFiles.Similar, ArtifactFiles.Catalog }
                .Select(f => ManifestFile.Of(Path.Combine(directory, f), f))],
            []);
        manifest.Write(Path.Combine(directory, ArtifactFiles.Manifest));
    }

    public void Dispose() => _directory.Dispose();

    private static IEnumerable<string> Ranked(int user, int[] items) =>
        items.Select((item, i) => string.Create(CultureInfo.InvariantCulture, $"({user}, {item}, {1.0 - i * 0.1}, {i + 1})"));

    internal static void Copy(DuckDbSession session, string path, string schema, IEnumerable<string> rows)
    {
        var columns = schema.Split(", ").Select(c => c.Split(' ')).ToArray();
        var select = new StringBuilder("SELECT ");
        for (var i = 0; i < columns.Length; i++)
        {
            select.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"CAST(c{i} AS {columns[i][1]}) AS {columns[i][0]}");
        }

        var names = string.Join(", ", Enumerable.Range(0, columns.Length).Select(i => $"c{i}"));
        session.Execute($"COPY ({select} FROM (VALUES {string.Join(", ", rows)}) v({names})) TO {Sql.Literal(path)} (FORMAT parquet)");
    }
}
