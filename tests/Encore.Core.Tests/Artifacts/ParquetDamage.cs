using System.Buffers.Binary;

namespace Encore.Core.Tests.Artifacts;

/// <summary>Damages a Parquet file the ways a bad disk or a half-finished copy does, to test what its readers report.</summary>
internal static class ParquetDamage
{
    /// <summary>
    /// Overwrites the middle half of the data pages with seeded random bytes and keeps the footer: the file still opens
    /// (schema and row counts are read from the footer), and fails only when its pages are decoded.
    /// </summary>
    public static void CorruptDataPages(string path, int seed = 12)
    {
        var bytes = File.ReadAllBytes(path);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        var dataEnd = bytes.Length - 8 - footerLength;
        var quarter = (dataEnd - 4) / 4;
        new Random(seed).NextBytes(bytes.AsSpan(4 + quarter, 2 * quarter));
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Keeps the first half of the file, as a copy cut short does: no footer.</summary>
    public static void Truncate(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(file.Length / 2);
    }
}
