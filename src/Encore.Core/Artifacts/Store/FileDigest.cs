using System.Security.Cryptography;

// MD5 here is S3's transport checksum (Content-MD5, ETag), not a security measure; SHA-256 checks the content.
#pragma warning disable CA5351

namespace Encore.Core.Artifacts.Store;

/// <summary>
/// What a publish needs to know of a local file, from one read: its size and SHA-256 (checked against the manifest),
/// and the MD5s an S3 upload sends as Content-MD5 and compares with the object's ETag.
/// </summary>
internal sealed class FileDigest
{
    private const int BufferSize = 1 << 20;

    private FileDigest(long bytes, string sha256, byte[] md5, byte[][] partMd5s, long partSize)
    {
        Bytes = bytes;
        Sha256 = sha256;
        Md5 = md5;
        PartMd5s = partMd5s;
        PartSize = partSize;
    }

    public long Bytes { get; }

    /// <summary>Lowercase hex, as the manifest writes it.</summary>
    public string Sha256 { get; }

    public byte[] Md5 { get; }

    /// <summary>MD5 of each part of a multipart upload; empty when the file goes up in one request.</summary>
    public byte[][] PartMd5s { get; }

    public long PartSize { get; }

    public bool IsMultipart => PartMd5s.Length > 0;

    /// <summary>Offset and length of part <paramref name="index"/> (0-based).</summary>
    public (long Offset, long Length) Part(int index)
    {
        var offset = index * PartSize;
        return (offset, Math.Min(PartSize, Bytes - offset));
    }

    /// <summary>
    /// Reads <paramref name="path"/> once. Files of at least <paramref name="partSize"/> bytes are split into parts
    /// of that size (the last one shorter).
    /// </summary>
    public static FileDigest Compute(string path, long partSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, 1);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = stream.Length;
        var partCount = length >= partSize ? checked((int)((length + partSize - 1) / partSize)) : 0;
        var partMd5s = new byte[partCount][];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var partMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[BufferSize];
        long position = 0;
        var part = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            sha.AppendData(chunk);
            md5.AppendData(chunk);
            while (partCount > 0 && !chunk.IsEmpty)
            {
                // A part boundary may fall inside a buffer.
                var toBoundary = (int)Math.Min(chunk.Length, (part + 1) * partSize - position);
                partMd5.AppendData(chunk[..toBoundary]);
                position += toBoundary;
                chunk = chunk[toBoundary..];
                if (position == (part + 1) * partSize || position == length)
                {
                    partMd5s[part++] = partMd5.GetHashAndReset();
                }
            }
        }

        return new FileDigest(length, Convert.ToHexStringLower(sha.GetHashAndReset()), md5.GetHashAndReset(), partMd5s, partSize);
    }

    /// <summary>
    /// Whether <paramref name="etag"/> is this file's: the MD5 of the content (single uploads, and multipart uploads on
    /// stores such as s3rver) or S3's multipart form, the MD5 of the part MD5s followed by "-" and the part count.
    /// </summary>
    public bool MatchesETag(string? etag)
    {
        if (etag is null)
        {
            return false;
        }

        var value = etag.Trim('"');
        return string.Equals(value, Convert.ToHexStringLower(Md5), StringComparison.OrdinalIgnoreCase) ||
               (IsMultipart && string.Equals(value, MultipartETag(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The ETag S3 gives a multipart upload of these parts.</summary>
    public string MultipartETag()
    {
        var concatenated = new byte[PartMd5s.Length * MD5.HashSizeInBytes];
        for (var i = 0; i < PartMd5s.Length; i++)
        {
            PartMd5s[i].CopyTo(concatenated, i * MD5.HashSizeInBytes);
        }

        return $"{Convert.ToHexStringLower(MD5.HashData(concatenated))}-{PartMd5s.Length}";
    }
}
