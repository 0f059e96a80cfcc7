namespace Encore.Core.Artifacts.Store;

/// <summary>
/// What a publish or fetch did: the artifact files it copied and those already in place with the right content
/// (manifest.json itself is always written, last), the bytes it moved, and the manifest of the set.
/// </summary>
public sealed record ArtifactTransfer(
    string Source,
    string Destination,
    IReadOnlyList<string> Copied,
    IReadOnlyList<string> Unchanged,
    long BytesCopied,
    Manifest Manifest);
