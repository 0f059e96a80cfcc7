using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

public sealed class ArtifactLocationTests
{
    [Theory]
    [InlineData("s3://recs/recsys/recommendations", "recs", "recsys/recommendations")]
    [InlineData("s3://recs/recsys/recommendations/", "recs", "recsys/recommendations")]
    [InlineData("s3://my.bucket-1", "my.bucket-1", "")]
    [InlineData("S3://recs/", "recs", "")]
    public void S3UrlsGiveBucketAndPrefix(string value, string bucket, string prefix)
    {
        var location = Assert.IsType<S3ArtifactLocation>(ArtifactLocation.Parse(value));

        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
    }

    [Fact]
    public void KeysJoinThePrefixAndTheFileName()
    {
        Assert.Equal("a/b/manifest.json", new S3ArtifactLocation("recs", "a/b").Key("manifest.json"));
        Assert.Equal("manifest.json", new S3ArtifactLocation("recs", "").Key("manifest.json"));
        Assert.Equal("s3://recs/a/b", new S3ArtifactLocation("recs", "a/b").ToString());
    }

    [Theory]
    [InlineData("artifacts")]
    [InlineData("/tmp/encore/art")]
    [InlineData(@"C:\encore\art")]
    public void AnythingElseWithoutASchemeIsALocalDirectory(string value)
    {
        Assert.Equal(value, Assert.IsType<LocalArtifactLocation>(ArtifactLocation.Parse(value)).Directory);
    }

    [Theory]
    [InlineData("s3://", "'' is not a bucket name")]
    [InlineData("s3:///prefix", "'' is not a bucket name")]
    [InlineData("s3://Recs/x", "'Recs' is not a bucket name")]
    [InlineData("s3://ab", "'ab' is not a bucket name")]
    [InlineData("s3://recs_1/x", "'recs_1' is not a bucket name")]
    [InlineData("s3://recs/a//b", "empty, '.' or '..' segment")]
    [InlineData("s3://recs/a/../b", "empty, '.' or '..' segment")]
    [InlineData("gs://recs/x", "scheme 'gs://' is not supported")]
    [InlineData("https://storage.yandexcloud.net/recs", "scheme 'https://' is not supported")]
    public void MalformedLocationsAreRejectedByName(string value, string reason)
    {
        var error = Assert.Throws<EncoreException>(() => ArtifactLocation.Parse(value));

        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyLocationIsRejected()
    {
        Assert.Throws<EncoreException>(() => ArtifactLocation.Parse(" "));
    }
}
