namespace Encore.Core.IO;

/// <summary>Checks that a step's input files exist before any work starts, naming the step that writes a missing one.</summary>
public static class RequiredInputs
{
    /// <exception cref="EncoreException">The first missing file, and which step to run first.</exception>
    public static void Check(params ReadOnlySpan<(string Path, string WrittenBy)> inputs)
    {
        foreach (var (path, writtenBy) in inputs)
        {
            if (!File.Exists(path))
            {
                throw new EncoreException($"{path}: file not found (run {writtenBy} first).");
            }
        }
    }
}
