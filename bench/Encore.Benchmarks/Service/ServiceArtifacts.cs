using System.Diagnostics;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;
using Encore.Core.IO;
using Encore.Core.Linalg;

namespace Encore.Benchmarks.Service;

/// <summary>Sizes of a synthetic artifact set; the defaults are the seed's full-scale ones (issue 5, item 10).</summary>
public sealed record ServiceArtifactSizes
{
    public int Users { get; init; } = 661_812;

    public int Recommendations { get; init; } = 50;

    public int Tracks { get; init; } = 1_000_000;

    public int SimilarSources { get; init; } = 959_261;

    public int SimilarItems { get; init; } = 10;

    public int Popular { get; init; } = 100;

    public ulong Seed { get; init; } = 42;

    public void Validate()
    {
        if (Users < 1 || Tracks < 2 || Popular < 1 || Popular > Tracks || SimilarSources < 1 || SimilarSources > Tracks)
        {
            throw new EncoreException($"Sizes out of range: {this}.");
        }

        // Each list walks the catalogue with a stride below Tracks / length, so its items are distinct.
        if (Recommendations < 1 || Recommendations * 2 > Tracks || SimilarItems < 1 || (SimilarItems + 1) * 2 > Tracks)
        {
            throw new EncoreException($"Lists too long for {Tracks} tracks: {this}.");
        }
    }
}

/// <summary>
/// Writes an artifact set of any size for the service benchmark without training anything: data/items.parquet and
/// artifacts/ (top_popular, personal_als, similar, catalog, manifest.json) with the schemas and writers <c>encore train</c>
/// uses, so the service loads them exactly as it loads real ones. Ids are sparse like Yandex Music's (users 2u+1,
/// tracks 97i+11); every list is distinct items in score order. Same sizes and seed → byte-identical files.
/// </summary>
public static class ServiceArtifacts
{
    public const string DataFolder = "data";
    public const string ArtifactsFolder = "artifacts";

    public static int UserId(int user) => checked((2 * user) + 1);

    public static int ItemId(int item) => checked((97 * item) + 11);

    /// <summary>Writes <paramref name="outputDirectory"/>/data and /artifacts, reporting each file on <paramref name="log"/>.</summary>
    public static void Write(string outputDirectory, ServiceArtifactSizes sizes, TextWriter log)
    {
        sizes.Validate();
        var dataDirectory = Path.Combine(outputDirectory, DataFolder);
        var clock = Stopwatch.StartNew();

        using (var data = StagedOutput.Create(dataDirectory))
        {
            WriteItems(data.PathFor(FileNames.Items), sizes.Tracks);
            data.Commit();
        }

        var itemsPath = Path.Combine(dataDirectory, FileNames.Items);
        log.WriteLine($"{itemsPath}: {sizes.Tracks:N0} tracks ({clock.Elapsed.TotalSeconds:F1} s)");

        var itemIds = new long[sizes.Tracks];
        for (var i = 0; i < itemIds.Length; i++)
        {
            itemIds[i] = ItemId(i);
        }

        // ItemId is increasing, so internal id i is catalogue position i.
        var items = IdMap.FromIds(itemIds);
        using var staged = StagedOutput.Create(Path.Combine(outputDirectory, ArtifactsFolder));
        var artifacts = new List<ManifestFile>();
        void Add(string file, long rows)
        {
            artifacts.Add(ManifestFile.Of(staged.PathFor(file), file, rows));
            log.WriteLine($"{file}: {rows:N0} rows ({clock.Elapsed.TotalSeconds:F1} s)");
        }

        Add(ArtifactFiles.TopPopular, WriteTopPopular(staged.PathFor(ArtifactFiles.TopPopular), itemsPath, sizes));

        var users = new long[sizes.Users];
        for (var u = 0; u < users.Length; u++)
        {
            users[u] = UserId(u);
        }

        var personal = Lists(sizes.Users, sizes.Recommendations, sizes.Tracks, sizes.Seed, skipSelf: false);
        Add(ArtifactFiles.PersonalAls, RankedListsFileWriter.Write(
            staged.PathFor(ArtifactFiles.PersonalAls), Columns.UserId, Columns.ItemId, users, personal, items, CancellationToken.None));

        var similar = Lists(sizes.SimilarSources, sizes.SimilarItems, sizes.Tracks, sizes.Seed + 1, skipSelf: true);
        Add(ArtifactFiles.Similar, RankedListsFileWriter.Write(
            staged.PathFor(ArtifactFiles.Similar), Columns.ItemId1, Columns.ItemId2, itemIds.AsSpan(0, sizes.SimilarSources), similar, items,
            CancellationToken.None));

        Add(ArtifactFiles.Catalog, CatalogFileWriter.Write(itemsPath, staged.PathFor(ArtifactFiles.Catalog)));

        var split = new DateOnly(2022, 12, 16);
        var manifest = new Manifest(
            new DateTime(2022, 12, 16, 0, 0, 0, DateTimeKind.Utc),
            split,
            [ManifestFile.Of(itemsPath, FileNames.Items)],
            [
                new("generator", "encore-benchmarks service-artifacts"),
                new("users", sizes.Users),
                new("recommendations", sizes.Recommendations),
                new("tracks", sizes.Tracks),
                new("similar_sources", sizes.SimilarSources),
                new("similar_items", sizes.SimilarItems),
                new("popular", sizes.Popular),
                new("seed", (long)sizes.Seed),
            ],
            artifacts,
            []);
        manifest.Write(staged.PathFor(ArtifactFiles.Manifest));
        staged.Commit();
        log.WriteLine($"{Path.Combine(outputDirectory, ArtifactsFolder)}: done in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// One list per row: catalogue positions base, base + stride, … (mod tracks) with a per-row base and a stride below
    /// tracks / (length + 1), so no position repeats and none is the row's own when <paramref name="skipSelf"/>.
    /// Scores fall with rank.
    /// </summary>
    private static TopKBatch Lists(int rows, int length, int tracks, ulong seed, bool skipSelf)
    {
        var batch = new TopKBatch(rows, length);
        var maxStride = Math.Max(1, (tracks / (length + 1)) - 1);
        for (var row = 0; row < rows; row++)
        {
            var h = Mix(seed, (ulong)row);
            var stride = 1 + (int)(Mix(h, 1) % (ulong)maxStride);
            var first = skipSelf ? row + 1 : (int)(h % (ulong)tracks);
            var top = 0.5f + ((Mix(h, 2) & 0xFFFF) / 131_072f);
            var slots = batch.ItemSlot(row);
            var scores = batch.ScoreSlot(row);
            for (var rank = 0; rank < length; rank++)
            {
                slots[rank] = (int)((first + ((long)rank * stride)) % tracks);
                scores[rank] = top - (rank * 0.004f);
            }

            batch.SetCount(row, length);
        }

        return batch;
    }

    private static long WriteTopPopular(string path, string itemsPath, ServiceArtifactSizes sizes)
    {
        var ids = new int[sizes.Popular];
        var plays = new long[sizes.Popular];
        var users = new long[sizes.Popular];
        for (var rank = 0; rank < ids.Length; rank++)
        {
            // 7,919 is prime, so rank → position is one-to-one for any catalogue it does not divide.
            ids[rank] = ItemId((int)((rank * 7_919L) % sizes.Tracks));
            plays[rank] = 2_000_000 / (rank + 1);
            users[rank] = plays[rank] / 3;
        }

        ItemsFileReader.WriteTopPopular(itemsPath, ids, plays, users, path);
        return ids.Length;
    }

    /// <summary>items.parquet with prepare's schema: one title, album, one or two artists and one or two genres per track.</summary>
    private static void WriteItems(string path, int tracks)
    {
        // One thread keeps COPY's row order and bytes fixed.
        using var session = new DuckDbSession(threads: 1);
        session.Execute(
            $"""
            COPY (
                SELECT CAST(i * 97 + 11 AS INTEGER) AS {Columns.ItemId},
                       'Track ' || i AS {Columns.Name},
                       ['Album ' || (i // 12)] AS {Columns.Albums},
                       CASE WHEN i % 5 = 0 THEN ['Artist ' || (i // 40), 'Artist ' || (i // 40 + 1)] ELSE ['Artist ' || (i // 40)] END AS {Columns.Artists},
                       CASE WHEN i % 3 = 0 THEN ['genre ' || (i % 30), 'genre ' || (i % 7 + 30)] ELSE ['genre ' || (i % 30)] END AS {Columns.Genres},
                       CASE WHEN i % 3 = 0 THEN [CAST(i % 30 AS INTEGER), CAST(i % 7 + 30 AS INTEGER)] ELSE [CAST(i % 30 AS INTEGER)] END AS {Columns.GenreIds}
                FROM range({tracks}) r(i)
                ORDER BY i
            ) TO {Sql.Literal(path)} (FORMAT parquet, COMPRESSION zstd)
            """);
    }

    /// <summary>SplitMix64's finaliser over (seed, value): a fixed, well-spread hash.</summary>
    private static ulong Mix(ulong seed, ulong value)
    {
        var z = seed + (value * 0x9E3779B97F4A7C15UL) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
