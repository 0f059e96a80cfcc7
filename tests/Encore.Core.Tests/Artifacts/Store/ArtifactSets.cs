using Encore.Core.Artifacts;

namespace Encore.Core.Tests.Artifacts.Store;

/// <summary>Small artifact sets with a manifest, as <c>encore train</c> would leave them, from seeded random bytes.</summary>
internal static class ArtifactSets
{
    /// <summary>The files of a set: one above the test part size (1 MiB) so that S3 uploads go multipart.</summary>
    public static readonly (string Name, int Bytes)[] Files =
    [
        ("top_popular.parquet", 1_000),
        ("personal_als.parquet", (5 << 20) / 2),
        ("similar.parquet", 70_000),
        ("als_model.bin", 0),
    ];

    /// <summary>Writes the files and manifest.json into <paramref name="directory"/>; another <paramref name="seed"/> gives other contents.</summary>
    public static Manifest Write(string directory, int seed = 1)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var artifacts = new List<ManifestFile>();
        foreach (var (name, bytes) in Files)
        {
            var content = new byte[bytes];
            random.NextBytes(content);
            var path = Path.Combine(directory, name);
            File.WriteAllBytes(path, content);
            artifacts.Add(ManifestFile.Of(path, name));
        }

        var manifest = new Manifest(
            new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateOnly(2022, 12, 16), [],
            [new("seed", seed)], artifacts, [new("train", 1.5)]);
        manifest.Write(Path.Combine(directory, ArtifactFiles.Manifest));
        return manifest;
    }

    /// <summary>Every file of <paramref name="directory"/> (names relative to it, ordinal order) with its bytes.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string directory)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                files[Path.GetRelativePath(directory, path)] = File.ReadAllBytes(path);
            }
        }

        return files;
    }

    /// <summary>Asserts that two snapshots hold the same names with the same bytes.</summary>
    public static void AssertSame(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
        }
    }
}
