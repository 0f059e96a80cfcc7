using Encore.Core.IO;

namespace Encore.Core.Artifacts.Store;

/// <summary>Artifact files in a local directory; each file is copied through <see cref="StagedOutput"/> and re-hashed on disk.</summary>
internal sealed class FolderBlobStore(string directory) : IArtifactBlobStore
{
    public long PartSizeBytes => long.MaxValue;

    public string Describe(string file) => Path.Combine(directory, file);

    public Task CheckAccessAsync(bool forWriting, CancellationToken cancellationToken)
    {
        if (File.Exists(directory))
        {
            throw new EncoreException($"Artifact directory '{directory}' is a file, not a directory.");
        }

        if (!forWriting && !Directory.Exists(directory))
        {
            throw new EncoreException($"Artifact directory '{directory}' does not exist.");
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Artifact directory '{directory}' cannot be created: {e.Message}", e);
        }

        return Task.CompletedTask;
    }

    public Task<bool> HoldsAsync(string file, FileDigest digest, CancellationToken cancellationToken)
    {
        var path = Describe(file);
        return Task.FromResult(
            File.Exists(path) && new FileInfo(path).Length == digest.Bytes && ManifestFile.Of(path, file).Sha256 == digest.Sha256);
    }

    public async Task UploadAsync(string file, string localPath, FileDigest digest, IProgress<long> bytes, CancellationToken cancellationToken)
    {
        using var staged = StagedOutput.Create(directory);
        var temporary = staged.PathFor(file);
        await using (var source = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous))
        await using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            await ByteProgress.CopyAsync(source, target, bytes, cancellationToken);
        }

        var written = ManifestFile.Of(temporary, file);
        if (written.Bytes != digest.Bytes || written.Sha256 != digest.Sha256)
        {
            throw new EncoreException(
                $"{Describe(file)}: the copy of {localPath} has {written.Bytes} bytes and SHA-256 {written.Sha256}, not {digest.Bytes} and {digest.Sha256}.");
        }

        staged.Commit();
    }

    public async Task<bool> TryDownloadAsync(string file, Stream destination, IProgress<long> bytes, CancellationToken cancellationToken)
    {
        var path = Describe(file);
        if (!File.Exists(path))
        {
            return false;
        }

        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        await ByteProgress.CopyAsync(source, destination, bytes, cancellationToken);
        return true;
    }

    public Task DeleteAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(Describe(file));
        }
        catch (DirectoryNotFoundException)
        {
            // No folder, so no file: nothing to remove (File.Delete only forgives a missing file in an existing folder).
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"{Describe(file)}: cannot be removed: {e.Message}", e);
        }

        return Task.CompletedTask;
    }

    public void Dispose() { }
}
