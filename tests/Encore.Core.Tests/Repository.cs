namespace Encore.Core.Tests;

/// <summary>The checkout the tests run from, for tests that read the repository's own files (docs, scripts).</summary>
public static class Repository
{
    /// <summary>The folder holding Encore.slnx above the test binaries; null when the binaries run outside a checkout.</summary>
    public static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Encore.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The checkout's root; throws when the tests run outside one.</summary>
    public static string Root => FindRoot() ?? throw new InvalidOperationException("Encore.slnx not found above the test binaries.");
}
