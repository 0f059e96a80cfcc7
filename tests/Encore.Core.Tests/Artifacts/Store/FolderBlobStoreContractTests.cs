using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

/// <summary>The contract on a local folder, plus what only folders have: a path that is a file, a folder that is missing.</summary>
[BlobStoreContract(typeof(FolderBlobStore))]
public sealed class FolderBlobStoreContractTests : BlobStoreContractTests
{
    private readonly TempDirectory _remote = new();

    [Fact]
    public async Task ReadingFromAFolderThatDoesNotExistFailsNamingItAndWritingCreatesIt()
    {
        using var store = new FolderBlobStore(_remote.Combine("new"));

        var error = await Assert.ThrowsAsync<EncoreException>(() => store.CheckAccessAsync(forWriting: false, Ct));
        await store.CheckAccessAsync(forWriting: true, Ct);

        Assert.Equal($"Artifact directory '{_remote.Combine("new")}' does not exist.", error.Message);
        Assert.True(Directory.Exists(_remote.Combine("new")));
    }

    [Fact]
    public async Task AFolderThatIsAFileIsRefused()
    {
        File.WriteAllText(_remote.Combine("file"), "x");
        using var store = new FolderBlobStore(_remote.Combine("file"));

        var error = await Assert.ThrowsAsync<EncoreException>(() => store.CheckAccessAsync(forWriting: true, Ct));

        Assert.Contains("is a file, not a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedUploadKeepsThePreviousFileAndLeavesNoStagingFolderBehind()
    {
        using var local = new TempDirectory();
        File.WriteAllBytes(local.Combine("a"), [1, 2, 3]);
        File.WriteAllBytes(local.Combine("b"), [4, 5, 6]);
        using var store = new FolderBlobStore(_remote.Combine("set"));
        await store.CheckAccessAsync(forWriting: true, Ct);
        await store.UploadAsync("x.bin", local.Combine("a"), FileDigest.Compute(local.Combine("a"), store.PartSizeBytes), new Progress<long>(), Ct);

        await Assert.ThrowsAsync<EncoreException>(() =>
            store.UploadAsync("x.bin", local.Combine("b"), FileDigest.Compute(local.Combine("a"), store.PartSizeBytes), new Progress<long>(), Ct));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(_remote.Combine("set", "x.bin")));
        Assert.Equal([_remote.Combine("set", "x.bin")], Directory.EnumerateFileSystemEntries(_remote.Combine("set")));
    }

    private protected override IArtifactBlobStore CreateStore(string name) => new FolderBlobStore(_remote.Combine(name));

    protected override void Dispose(bool disposing)
    {
        _remote.Dispose();
        base.Dispose(disposing);
    }
}
