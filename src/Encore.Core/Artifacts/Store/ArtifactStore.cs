namespace Encore.Core.Artifacts.Store;

/// <summary>
/// Publishes an artifact set to, and fetches one from, a local folder or <c>s3://bucket/prefix</c>
/// (docs/artifacts.md). Both directions check every file against the SHA-256 in manifest.json and never leave a
/// manifest that names files which are not there.
/// </summary>
public static class ArtifactStore
{
    /// <summary>
    /// Uploads every file listed in <paramref name="localArtifactsDirectory"/>/manifest.json, then the manifest; files
    /// already at <paramref name="location"/> with the same content are skipped.
    /// </summary>
    /// <param name="localArtifactsDirectory">A directory written by <c>encore train</c>.</param>
    /// <param name="location">Where to publish.</param>
    /// <param name="s3">How to reach S3; null takes everything from the AWS environment variables and files.</param>
    /// <param name="progress">Receives "upload" progress in bytes.</param>
    /// <param name="cancellationToken">Stops between and inside transfers.</param>
    /// <exception cref="EncoreException">
    /// A local file is missing or differs from the manifest, the location cannot be reached, or an upload fails or
    /// does not verify; the message names the file and the destination.
    /// </exception>
    public static async Task<ArtifactTransfer> PublishAsync(
        string localArtifactsDirectory, ArtifactLocation location, S3StoreOptions? s3 = null,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localArtifactsDirectory);
        using var store = Open(location, s3);
        return await ArtifactPublisher.PublishAsync(localArtifactsDirectory, store, location.ToString(), progress ?? NullProgress.Instance, cancellationToken);
    }

    /// <summary>
    /// Downloads the artifact set at <paramref name="location"/> into <paramref name="localDirectory"/>, verifying each
    /// file's SHA-256 against the manifest; files already there with the right hash are kept, not downloaded again.
    /// </summary>
    /// <param name="location">Where the set was published.</param>
    /// <param name="localDirectory">Receives the files and manifest.json; created if needed.</param>
    /// <param name="s3">How to reach S3; null takes everything from the AWS environment variables and files.</param>
    /// <param name="progress">Receives "download" progress in bytes.</param>
    /// <param name="cancellationToken">Stops between and inside transfers.</param>
    /// <exception cref="EncoreException">
    /// No manifest at the location, a listed object is missing or fails its checksum, or the location cannot be
    /// reached; <paramref name="localDirectory"/> is then left as it was.
    /// </exception>
    public static async Task<ArtifactTransfer> FetchAsync(
        ArtifactLocation location, string localDirectory, S3StoreOptions? s3 = null,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localDirectory);
        using var store = Open(location, s3);
        return await ArtifactFetcher.FetchAsync(store, location.ToString(), localDirectory, progress ?? NullProgress.Instance, cancellationToken);
    }

    /// <summary>
    /// The SHA-256 of manifest.json at <paramref name="location"/>, or null when none is published there: a cheap way
    /// for a server to notice that a new set was published without downloading it.
    /// </summary>
    /// <exception cref="EncoreException">The location cannot be reached or read.</exception>
    public static async Task<string?> ManifestDigestAsync(
        ArtifactLocation location, S3StoreOptions? s3 = null, CancellationToken cancellationToken = default)
    {
        using var store = Open(location, s3);
        using var manifest = new MemoryStream();
        if (!await store.TryDownloadAsync(ArtifactFiles.Manifest, manifest, new Progress<long>(), cancellationToken))
        {
            return null;
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(manifest.GetBuffer().AsSpan(0, (int)manifest.Length)));
    }

    /// <summary>The SHA-256 of a local manifest.json in the form <see cref="ManifestDigestAsync"/> gives.</summary>
    public static string LocalManifestDigest(string directory) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, ArtifactFiles.Manifest))));

    private static IArtifactBlobStore Open(ArtifactLocation location, S3StoreOptions? s3) => location switch
    {
        LocalArtifactLocation local => new FolderBlobStore(local.Directory),
        S3ArtifactLocation remote => new S3BlobStore(remote, s3 ?? S3StoreOptions.FromEnvironment),
        _ => throw new ArgumentOutOfRangeException(nameof(location)),
    };
}
