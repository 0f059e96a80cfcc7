using System.Security.Cryptography;

namespace Encore.Core.Pipeline;

/// <summary>A file as a step record keeps it: name, size, last write time and SHA-256.</summary>
public sealed record FileRecord(string File, long Bytes, DateTime ModifiedUtc, string Sha256);

/// <summary>
/// SHA-256 of the pipeline's files without hashing gigabytes on every run: a file whose size and last write time
/// match a record (from an earlier run's state, or just written by a step) takes that record's hash, as make and git do.
/// With <c>verify</c> every file is hashed again.
/// </summary>
internal sealed class FileDigests(bool verify)
{
    private readonly Dictionary<string, FileRecord> _known = new(StringComparer.Ordinal);

    /// <summary>Remembers <paramref name="record"/> for the file at <paramref name="path"/>.</summary>
    public void Learn(string path, FileRecord record) => _known[path] = record;

    /// <summary>The record of <paramref name="file"/> as it is now.</summary>
    /// <param name="file">The file; its name goes into the record.</param>
    /// <param name="knownHash">A hash the caller already has (a step's manifest), trusted over the cache.</param>
    /// <exception cref="EncoreException">The file does not exist.</exception>
    public FileRecord Digest(StepFile file, string? knownHash = null)
    {
        var info = new FileInfo(file.Path);
        if (!info.Exists)
        {
            throw new EncoreException($"{file.Path}: file not found ({file.Name}).");
        }

        var modified = info.LastWriteTimeUtc;
        string hash;
        if (knownHash is not null)
        {
            hash = knownHash;
        }
        else if (!verify && _known.TryGetValue(file.Path, out var cached) && cached.Bytes == info.Length && cached.ModifiedUtc == modified)
        {
            hash = cached.Sha256;
        }
        else
        {
            hash = Hash(file.Path);
        }

        var record = new FileRecord(file.Name, info.Length, modified, hash);
        _known[file.Path] = record;
        return record;
    }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public static string Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
