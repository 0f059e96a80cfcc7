using Encore.Core.IO;

namespace Encore.Core.Artifacts.Store;

/// <summary>
/// Downloads an artifact set: manifest.json first, then every file it lists that is not already in the local folder
/// with the right SHA-256. Everything is staged and checked before anything moves into the folder, artifacts before
/// the manifest, so a missing object or a checksum mismatch leaves the folder as it was.
/// </summary>
internal static class ArtifactFetcher
{
    public static async Task<ArtifactTransfer> FetchAsync(
        IArtifactBlobStore store, string source, string localDirectory, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        await store.CheckAccessAsync(forWriting: false, cancellationToken);
        var remoteManifest = store.Describe(ArtifactFiles.Manifest);
        using var stagedManifest = StagedOutput.Create(localDirectory);
        var manifestPath = stagedManifest.PathFor(ArtifactFiles.Manifest);
        if (!await DownloadAsync(store, ArtifactFiles.Manifest, manifestPath, new Progress<long>(), cancellationToken))
        {
            throw new EncoreException($"{remoteManifest}: not found; no artifact set was published to {source}.");
        }

        Manifest manifest;
        try
        {
            manifest = Manifest.Read(manifestPath);
        }
        catch (EncoreException e)
        {
            throw new EncoreException(e.Message.Replace(manifestPath, remoteManifest, StringComparison.Ordinal), e);
        }

        var missing = new List<ManifestFile>();
        var unchanged = new List<string>();
        foreach (var artifact in manifest.Artifacts)
        {
            ArtifactNames.Check(artifact.File, remoteManifest);
            if (IsInPlace(Path.Combine(localDirectory, artifact.File), artifact))
            {
                unchanged.Add(artifact.File);
            }
            else
            {
                missing.Add(artifact);
            }
        }

        using var staged = StagedOutput.Create(localDirectory);
        var bytes = new ByteProgress("download", missing.Sum(file => file.Bytes), progress);
        foreach (var artifact in missing)
        {
            var path = staged.PathFor(artifact.File);
            if (!await DownloadAsync(store, artifact.File, path, bytes, cancellationToken))
            {
                throw new EncoreException($"{store.Describe(artifact.File)}: listed in {remoteManifest} but missing.");
            }

            var got = ManifestFile.Of(path, artifact.File);
            if (got.Bytes != artifact.Bytes || got.Sha256 != artifact.Sha256)
            {
                throw new EncoreException(
                    $"{store.Describe(artifact.File)}: downloaded {got.Bytes} bytes with SHA-256 {got.Sha256}, but {remoteManifest} says " +
                    $"{artifact.Bytes} bytes with SHA-256 {artifact.Sha256}; the object was changed or damaged. Nothing was written to {localDirectory}.");
            }
        }

        staged.Commit();
        stagedManifest.Commit();
        return new ArtifactTransfer(source, localDirectory, [.. missing.Select(file => file.File)], unchanged, missing.Sum(file => file.Bytes), manifest);
    }

    private static bool IsInPlace(string path, ManifestFile artifact)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length == artifact.Bytes && ManifestFile.Of(path, artifact.File).Sha256 == artifact.Sha256;
    }

    private static async Task<bool> DownloadAsync(IArtifactBlobStore store, string file, string path, IProgress<long> bytes, CancellationToken cancellationToken)
    {
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        return await store.TryDownloadAsync(file, target, bytes, cancellationToken);
    }
}
