namespace Encore.Core.Artifacts.Store;

/// <summary>
/// The remote side of a publish or fetch: named files under one location. Implementations verify what they write
/// and turn their own failures into <see cref="EncoreException"/>s that name the file and where it was going.
/// </summary>
internal interface IArtifactBlobStore : IDisposable
{
    /// <summary>Parts of this size are the unit of an upload (<see cref="long.MaxValue"/>: whole files).</summary>
    long PartSizeBytes { get; }

    /// <summary>Where <paramref name="file"/> lives, for messages: a path or an s3:// URL.</summary>
    string Describe(string file);

    /// <summary>Fails early, with a clear message, when the location cannot be reached, read or (for a publish) created.</summary>
    Task CheckAccessAsync(bool forWriting, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="file"/> is already there with exactly this content.</summary>
    Task<bool> HoldsAsync(string file, FileDigest digest, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="localPath"/> as <paramref name="file"/> and checks that what landed is what was sent.</summary>
    Task UploadAsync(string file, string localPath, FileDigest digest, IProgress<long> bytes, CancellationToken cancellationToken);

    /// <summary>Copies <paramref name="file"/> into <paramref name="destination"/>; false when there is no such file.</summary>
    Task<bool> TryDownloadAsync(string file, Stream destination, IProgress<long> bytes, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="file"/> if it is there.</summary>
    Task DeleteAsync(string file, CancellationToken cancellationToken);
}
