using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

/// <summary>
/// The contract against a real S3-compatible server (<see cref="LocalS3Server"/>; skipped without one, failed under
/// ENCORE_REQUIRE_INTEGRATION=1). Its 1 MiB parts make the larger files go up as multipart uploads.
/// </summary>
[BlobStoreContract(typeof(S3BlobStore))]
public sealed class S3BlobStoreContractTests(LocalS3Server server) : BlobStoreContractTests, IClassFixture<LocalS3Server>
{
    // Unique per test class instance, i.e. per test: tests sharing one bucket never see each other's objects.
    private readonly string _prefix = $"contract/{Guid.NewGuid():N}";

    private protected override IArtifactBlobStore CreateStore(string name)
    {
        server.Require();
        return new S3BlobStore(new S3ArtifactLocation(LocalS3Server.Bucket, $"{_prefix}/{name}"), server.Options);
    }
}
