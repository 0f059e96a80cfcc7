namespace Encore.Core.Artifacts.Store;

/// <summary>
/// Uploads a local artifact set: every file its manifest.json lists, each checked against the manifest first, then
/// the manifest itself last. When any file changes, the remote manifest is deleted before the first upload, so a
/// reader never finds a manifest that names files of another set; a failure half-way leaves no manifest at all.
/// </summary>
internal static class ArtifactPublisher
{
    public static async Task<ArtifactTransfer> PublishAsync(
        string localDirectory, IArtifactBlobStore store, string destination, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(localDirectory, ArtifactFiles.Manifest);
        var manifest = Manifest.Read(manifestPath);
        var files = new List<(string Name, string Path, FileDigest Digest)>();
        foreach (var artifact in manifest.Artifacts)
        {
            ArtifactNames.Check(artifact.File, manifestPath);
            var path = Path.Combine(localDirectory, artifact.File);
            if (!File.Exists(path))
            {
                throw new EncoreException($"{path}: listed in {manifestPath} but missing.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            var digest = FileDigest.Compute(path, store.PartSizeBytes);
            if (digest.Bytes != artifact.Bytes || digest.Sha256 != artifact.Sha256)
            {
                throw new EncoreException(
                    $"{path}: {digest.Bytes} bytes with SHA-256 {digest.Sha256}, but {manifestPath} says {artifact.Bytes} bytes " +
                    $"with SHA-256 {artifact.Sha256}; the file changed after training (train again).");
            }

            files.Add((artifact.File, path, digest));
        }

        await store.CheckAccessAsync(forWriting: true, cancellationToken);
        var copied = new List<(string Name, string Path, FileDigest Digest)>();
        var unchanged = new List<string>();
        foreach (var file in files)
        {
            if (await store.HoldsAsync(file.Name, file.Digest, cancellationToken))
            {
                unchanged.Add(file.Name);
            }
            else
            {
                copied.Add(file);
            }
        }

        if (copied.Count > 0)
        {
            await store.DeleteAsync(ArtifactFiles.Manifest, cancellationToken);
        }

        var manifestDigest = FileDigest.Compute(manifestPath, store.PartSizeBytes);
        var bytes = new ByteProgress("upload", copied.Sum(file => file.Digest.Bytes) + manifestDigest.Bytes, progress);
        foreach (var (name, path, digest) in copied)
        {
            await store.UploadAsync(name, path, digest, bytes, cancellationToken);
        }

        await store.UploadAsync(ArtifactFiles.Manifest, manifestPath, manifestDigest, bytes, cancellationToken);
        return new ArtifactTransfer(
            localDirectory, destination, [.. copied.Select(file => file.Name)], unchanged, copied.Sum(file => file.Digest.Bytes), manifest);
    }
}
