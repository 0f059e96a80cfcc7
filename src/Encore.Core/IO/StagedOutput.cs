namespace Encore.Core.IO;

/// <summary>
/// Writes a set of output files under temporary names in a hidden folder inside the target directory,
/// and moves them into place only when <see cref="Commit"/> is called. A step that fails half-way
/// leaves the target directory as it was: never a partial artifact set.
/// </summary>
public sealed class StagedOutput : IDisposable
{
    private readonly string _stagingDirectory;
    private bool _committed;

    private StagedOutput(string targetDirectory, string stagingDirectory)
    {
        TargetDirectory = targetDirectory;
        _stagingDirectory = stagingDirectory;
    }

    /// <summary>The directory that receives the files on commit.</summary>
    public string TargetDirectory { get; }

    /// <summary>
    /// Creates <paramref name="targetDirectory"/> if needed and a staging folder inside it; fails with a
    /// clear message when the directory cannot be written.
    /// </summary>
    public static StagedOutput Create(string targetDirectory)
    {
        var full = Path.GetFullPath(targetDirectory);
        try
        {
            if (File.Exists(full))
            {
                throw new EncoreException($"Output directory '{targetDirectory}' is a file, not a directory.");
            }

            Directory.CreateDirectory(full);
            var staging = Path.Combine(full, $".staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            return new StagedOutput(full, staging);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new EncoreException($"Output directory '{targetDirectory}' cannot be written: {e.Message}", e);
        }
    }

    /// <summary>The temporary path to write <paramref name="relativePath"/> to.</summary>
    public string PathFor(string relativePath)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        var path = Path.Combine(_stagingDirectory, relativePath);
        var parent = Path.GetDirectoryName(path);
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        return path;
    }

    /// <summary>Moves every staged file into the target directory, replacing older versions.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        try
        {
            foreach (var file in Directory.EnumerateFiles(_stagingDirectory, "*", SearchOption.AllDirectories)
                         .Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(_stagingDirectory, file);
                var destination = Path.Combine(TargetDirectory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(file, destination, overwrite: true);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new EncoreException($"Output directory '{TargetDirectory}' cannot be written: {e.Message}", e);
        }

        _committed = true;
        TryDeleteStaging();
    }

    /// <summary>Deletes whatever was staged and not committed.</summary>
    public void Dispose()
    {
        if (!_committed)
        {
            TryDeleteStaging();
            _committed = true;
        }
    }

    private void TryDeleteStaging()
    {
        try
        {
            if (Directory.Exists(_stagingDirectory))
            {
                Directory.Delete(_stagingDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover hidden staging folder is harmless; the error that got us here matters more.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
