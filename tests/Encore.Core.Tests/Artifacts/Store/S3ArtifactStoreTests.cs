using Amazon.S3;
using Amazon.S3.Model;
using Encore.Core.Artifacts;
using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

/// <summary>
/// Publish and fetch against a local S3-compatible server (<see cref="LocalS3Server"/>): the store's own behaviour is
/// <see cref="S3BlobStoreContractTests"/>'s; here, a whole set end to end and the errors a user sees.
/// </summary>
public sealed class S3ArtifactStoreTests(LocalS3Server server) : IClassFixture<LocalS3Server>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static S3ArtifactLocation NewLocation() => new(LocalS3Server.Bucket, $"runs/{Guid.NewGuid():N}");

    [Fact]
    public async Task RepeatedPublishAndFetchMoveOnlyChangedFiles()
    {
        server.Require();
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("art"));
        var location = NewLocation();
        await ArtifactStore.PublishAsync(dir.Combine("art"), location, server.Options, cancellationToken: Token);
        await ArtifactStore.FetchAsync(location, dir.Combine("got"), server.Options, cancellationToken: Token);

        var republished = await ArtifactStore.PublishAsync(dir.Combine("art"), location, server.Options, cancellationToken: Token);
        File.WriteAllBytes(dir.Combine("got", "similar.parquet"), [1, 2, 3]);
        var refetched = await ArtifactStore.FetchAsync(location, dir.Combine("got"), server.Options, cancellationToken: Token);

        Assert.Empty(republished.Copied);
        Assert.Equal(["similar.parquet"], refetched.Copied);
        ArtifactSets.AssertSame(ArtifactSets.Snapshot(dir.Combine("art")), ArtifactSets.Snapshot(dir.Combine("got")));
    }

    [Fact]
    public async Task PublishToAMissingBucketNamesTheBucket()
    {
        server.Require();
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Path);

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.PublishAsync(dir.Path, new S3ArtifactLocation("no-such-bucket", "x"), server.Options, cancellationToken: Token));

        Assert.Contains("bucket 'no-such-bucket' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownAccessKeyIsReportedAsInvalidAccessKeyId()
    {
        server.Require();
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Path);
        var options = server.Options with { AccessKeyId = "NOT-A-KEY", SecretAccessKey = "wrong" };

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.PublishAsync(dir.Path, NewLocation(), options, cancellationToken: Token));

        Assert.Contains("InvalidAccessKeyId", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchOfATamperedObjectFailsAndLeavesTheLocalFolderUntouched()
    {
        server.Require();
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("art"), seed: 1);
        var location = NewLocation();
        await ArtifactStore.PublishAsync(dir.Combine("art"), location, server.Options, cancellationToken: Token);
        ArtifactSets.Write(dir.Combine("got"), seed: 2);
        var before = ArtifactSets.Snapshot(dir.Combine("got"));
        using (var client = server.RawClient())
        {
            await client.PutObjectAsync(
                new PutObjectRequest { BucketName = location.Bucket, Key = location.Key("similar.parquet"), ContentBody = "tampered" }, Token);
        }

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.FetchAsync(location, dir.Combine("got"), server.Options, cancellationToken: Token));

        Assert.Contains($"{location}/similar.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        ArtifactSets.AssertSame(before, ArtifactSets.Snapshot(dir.Combine("got")));
    }

    [Fact]
    public async Task FetchOfASetWithAMissingObjectNamesTheObject()
    {
        server.Require();
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("art"));
        var location = NewLocation();
        await ArtifactStore.PublishAsync(dir.Combine("art"), location, server.Options, cancellationToken: Token);
        using (var client = server.RawClient())
        {
            await client.DeleteObjectAsync(location.Bucket, location.Key("als_model.bin"), Token);
        }

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.FetchAsync(location, dir.Combine("got"), server.Options, cancellationToken: Token));

        Assert.Contains($"{location}/als_model.bin: listed in", error.Message, StringComparison.Ordinal);
        Assert.Empty(ArtifactSets.Snapshot(dir.Combine("got")));
    }

    [Fact]
    public async Task AFailedUploadLeavesNoRemoteManifest()
    {
        server.Require();
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("v1"), seed: 1);
        ArtifactSets.Write(dir.Combine("v2"), seed: 2);
        var location = NewLocation();
        await ArtifactStore.PublishAsync(dir.Combine("v1"), location, server.Options, cancellationToken: Token);

        using (var store = new FailingUploads(new S3BlobStore(location, server.Options), failAt: 2))
        {
            await Assert.ThrowsAsync<EncoreException>(() =>
                ArtifactPublisher.PublishAsync(dir.Combine("v2"), store, location.ToString(), NullProgress.Instance, Token));
        }

        using var client = server.RawClient();
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectAsync(location.Bucket, location.Key(ArtifactFiles.Manifest), Token));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
        var fetch = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.FetchAsync(location, dir.Combine("got"), server.Options, cancellationToken: Token));
        Assert.Contains("manifest.json: not found", fetch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableEndpointIsNamed()
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Path);
        var options = new S3StoreOptions { EndpointUrl = "http://127.0.0.1:9", AccessKeyId = "a", SecretAccessKey = "b" };

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.PublishAsync(dir.Path, new S3ArtifactLocation("bucket", ""), options, cancellationToken: Token));

        Assert.Contains("cannot reach S3 endpoint http://127.0.0.1:9", error.Message, StringComparison.Ordinal);
    }
}
