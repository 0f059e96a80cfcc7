namespace Encore.Core.Artifacts.Store;

/// <summary>Artifact names come from a manifest that may come from elsewhere: they must stay inside the set's folder.</summary>
internal static class ArtifactNames
{
    /// <exception cref="EncoreException"><paramref name="name"/> is not a plain file name, or is the manifest itself.</exception>
    public static void Check(string name, string manifest)
    {
        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\', ':']) >= 0 ||
            name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name == ArtifactFiles.Manifest)
        {
            throw new EncoreException($"{manifest}: artifact '{name}' is not a plain file name in the artifact folder.");
        }
    }
}
