using Encore.Core.Artifacts;
using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

/// <summary>Publish and fetch between local folders, and the ordering rules every store shares.</summary>
public sealed class FolderArtifactStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishThenFetchGivesByteIdenticalFiles()
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("art"));
        var progress = new List<ProgressUpdate>();

        var published = await ArtifactStore.PublishAsync(dir.Combine("art"), ArtifactLocation.Parse(dir.Combine("remote")), cancellationToken: Token);
        await ArtifactStore.FetchAsync(ArtifactLocation.Parse(dir.Combine("remote")), dir.Combine("got"), progress: new SyncProgress(progress), cancellationToken: Token);

        var expected = ArtifactSets.Snapshot(dir.Combine("art"));
        ArtifactSets.AssertSame(expected, ArtifactSets.Snapshot(dir.Combine("remote")));
        ArtifactSets.AssertSame(expected, ArtifactSets.Snapshot(dir.Combine("got")));
        Assert.Equal(ArtifactSets.Files.Length, published.Copied.Count);
        var total = ArtifactSets.Files.Sum(file => (long)file.Bytes);
        Assert.All(progress, update => Assert.Equal(("download", total, "bytes"), (update.Stage, update.Total, update.Unit)));
        Assert.Equal(total, progress[^1].Done);
    }

    [Fact]
    public async Task ChangedFilesGoUpAfterTheOldManifestIsRemovedAndTheNewOneComesLast()
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("v1"), seed: 1);
        await ArtifactStore.PublishAsync(dir.Combine("v1"), ArtifactLocation.Parse(dir.Combine("remote")), cancellationToken: Token);
        ArtifactSets.Write(dir.Combine("v2"), seed: 1);
        File.Copy(dir.Combine("v1", "als_model.bin"), dir.Combine("v2", "als_model.bin"), overwrite: true);
        File.WriteAllBytes(dir.Combine("v2", "similar.parquet"), [9, 9, 9]);
        RewriteManifest(dir.Combine("v2"));
        using var store = new FailingUploads(new FolderBlobStore(dir.Combine("remote")));

        var published = await ArtifactPublisher.PublishAsync(dir.Combine("v2"), store, "remote", NullProgress.Instance, Token);

        Assert.Equal(["delete manifest.json", "upload similar.parquet", "upload manifest.json"], store.Calls);
        Assert.Equal(["similar.parquet"], published.Copied);
        ArtifactSets.AssertSame(ArtifactSets.Snapshot(dir.Combine("v2")), ArtifactSets.Snapshot(dir.Combine("remote")));
    }

    [Fact]
    public async Task AFailedUploadLeavesNoManifestAtTheDestination()
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("v1"), seed: 1);
        ArtifactSets.Write(dir.Combine("v2"), seed: 2);
        await ArtifactStore.PublishAsync(dir.Combine("v1"), ArtifactLocation.Parse(dir.Combine("remote")), cancellationToken: Token);
        using var store = new FailingUploads(new FolderBlobStore(dir.Combine("remote")), failAt: 3);

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactPublisher.PublishAsync(dir.Combine("v2"), store, "remote", NullProgress.Instance, Token));

        Assert.Contains("similar.parquet: connection reset", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("remote", ArtifactFiles.Manifest)));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir.Combine("remote")), entry => Path.GetFileName(entry).StartsWith(".staging", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishRefusesAFileThatChangedAfterTraining()
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("art"));
        File.AppendAllText(dir.Combine("art", "top_popular.parquet"), "x");

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.PublishAsync(dir.Combine("art"), ArtifactLocation.Parse(dir.Combine("remote")), cancellationToken: Token));

        Assert.Contains("top_popular.parquet: 1001 bytes", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("remote")));
    }

    [Fact]
    public async Task PublishNamesAListedFileThatIsMissing()
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("art"));
        File.Delete(dir.Combine("art", "similar.parquet"));

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.PublishAsync(dir.Combine("art"), ArtifactLocation.Parse(dir.Combine("remote")), cancellationToken: Token));

        Assert.Contains($"{dir.Combine("art", "similar.parquet")}: listed in", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchOfADamagedFileFailsAndLeavesTheLocalFolderUntouched()
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("remote"), seed: 1);
        ArtifactSets.Write(dir.Combine("got"), seed: 2);
        var before = ArtifactSets.Snapshot(dir.Combine("got"));
        File.WriteAllBytes(dir.Combine("remote", "personal_als.parquet"), [1, 2, 3]);

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.FetchAsync(ArtifactLocation.Parse(dir.Combine("remote")), dir.Combine("got"), cancellationToken: Token));

        Assert.Contains($"{dir.Combine("remote", "personal_als.parquet")}: downloaded 3 bytes", error.Message, StringComparison.Ordinal);
        ArtifactSets.AssertSame(before, ArtifactSets.Snapshot(dir.Combine("got")));
    }

    [Fact]
    public async Task FetchRefusesAManifestNamingAFileOutsideTheFolder()
    {
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("remote"));
        var manifest = Manifest.Read(dir.Combine("remote", ArtifactFiles.Manifest));
        (manifest with { Artifacts = [new ManifestFile("../evil", null, "00", 1)] }).Write(dir.Combine("remote", ArtifactFiles.Manifest));

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.FetchAsync(ArtifactLocation.Parse(dir.Combine("remote")), dir.Combine("got", "art"), cancellationToken: Token));

        Assert.Contains("artifact '../evil' is not a plain file name", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("got", "evil")));
    }

    [Fact]
    public async Task FetchFromAFolderWithoutAManifestSaysSo()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("remote"));

        var error = await Assert.ThrowsAsync<EncoreException>(() =>
            ArtifactStore.FetchAsync(ArtifactLocation.Parse(dir.Combine("remote")), dir.Combine("got"), cancellationToken: Token));

        Assert.Contains("manifest.json: not found", error.Message, StringComparison.Ordinal);
        Assert.Empty(ArtifactSets.Snapshot(dir.Combine("got")));
    }

    private static void RewriteManifest(string directory)
    {
        var path = Path.Combine(directory, ArtifactFiles.Manifest);
        var manifest = Manifest.Read(path);
        (manifest with { Artifacts = [.. manifest.Artifacts.Select(file => ManifestFile.Of(Path.Combine(directory, file.File), file.File))] }).Write(path);
    }

    /// <summary>Records reports as they come, unlike <see cref="Progress{T}"/>, which posts them later.</summary>
    private sealed class SyncProgress(List<ProgressUpdate> updates) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => updates.Add(value);
    }
}
