using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

/// <summary>A store whose <c>failAt</c>-th upload (1-based) fails, as a dropped connection would; it records every call.</summary>
internal sealed class FailingUploads(IArtifactBlobStore inner, int failAt = int.MaxValue) : IArtifactBlobStore
{
    private int _uploads;

    public List<string> Calls { get; } = [];

    public long PartSizeBytes => inner.PartSizeBytes;

    public string Describe(string file) => inner.Describe(file);

    public Task CheckAccessAsync(bool forWriting, CancellationToken cancellationToken) => inner.CheckAccessAsync(forWriting, cancellationToken);

    public Task<bool> HoldsAsync(string file, FileDigest digest, CancellationToken cancellationToken) => inner.HoldsAsync(file, digest, cancellationToken);

    public Task UploadAsync(string file, string localPath, FileDigest digest, IProgress<long> bytes, CancellationToken cancellationToken)
    {
        Calls.Add($"upload {file}");
        return ++_uploads == failAt
            ? throw new EncoreException($"{Describe(file)}: connection reset")
            : inner.UploadAsync(file, localPath, digest, bytes, cancellationToken);
    }

    public Task<bool> TryDownloadAsync(string file, Stream destination, IProgress<long> bytes, CancellationToken cancellationToken) =>
        inner.TryDownloadAsync(file, destination, bytes, cancellationToken);

    public Task DeleteAsync(string file, CancellationToken cancellationToken)
    {
        Calls.Add($"delete {file}");
        return inner.DeleteAsync(file, cancellationToken);
    }

    public void Dispose() => inner.Dispose();
}
