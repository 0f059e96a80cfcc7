using System.Security.Cryptography;
using Encore.Core.Artifacts.Store;

// MD5 is what S3 uses for Content-MD5 and ETags.
#pragma warning disable CA5351

namespace Encore.Core.Tests.Artifacts.Store;

public sealed class FileDigestTests
{
    [Theory]
    [InlineData(0, 1 << 20)]
    [InlineData(5, 1 << 20)]
    [InlineData(1 << 20, 1 << 20)]
    [InlineData((1 << 20) + 1, 1 << 20)]
    [InlineData(3_000_001, 1_000_000)]
    [InlineData(2_500_000, 700_000)]
    public void PartsAndHashesMatchHashesOfTheSlices(int bytes, int partSize)
    {
        using var dir = new TempDirectory();
        var content = new byte[bytes];
        new Random(bytes).NextBytes(content);
        var path = dir.Combine("f");
        File.WriteAllBytes(path, content);

        var digest = FileDigest.Compute(path, partSize);

        Assert.Equal(bytes, digest.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), digest.Sha256);
        Assert.Equal(MD5.HashData(content), digest.Md5);
        var parts = bytes >= partSize ? (bytes + partSize - 1) / partSize : 0;
        Assert.Equal(parts, digest.PartMd5s.Length);
        for (var i = 0; i < parts; i++)
        {
            var (offset, length) = digest.Part(i);
            Assert.Equal((long)i * partSize, offset);
            Assert.Equal(MD5.HashData(content.AsSpan((int)offset, (int)length)), digest.PartMd5s[i]);
        }
    }

    [Fact]
    public void ETagsOfSingleAndMultipartUploadsBothMatch()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("f");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 2500).Select(i => (byte)i)]);
        var digest = FileDigest.Compute(path, 1000);
        var partMd5s = digest.PartMd5s.SelectMany(md5 => md5).ToArray();

        Assert.True(digest.MatchesETag($"\"{Convert.ToHexStringLower(digest.Md5)}\""));
        Assert.True(digest.MatchesETag($"\"{Convert.ToHexStringLower(MD5.HashData(partMd5s))}-3\""));
        Assert.False(digest.MatchesETag($"\"{Convert.ToHexStringLower(MD5.HashData(partMd5s))}-2\""));
        Assert.False(digest.MatchesETag("\"00000000000000000000000000000000\""));
        Assert.False(digest.MatchesETag(null));
    }
}
