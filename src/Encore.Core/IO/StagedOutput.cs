namespace Encore.Core.IO;

/// <summary>
/// Writes a set of output files under temporary names in a hidden folder inside the target directory,
/// and moves them into place only when <see cref="Commit"/> is called. A step that fails half-way
/// leaves the target directory as it was: never a partial artifact set, and no empty directory where there was
/// none (a target directory that <see cref="Create"/> made is removed again unless something was committed).
/// </summary>
public sealed class StagedOutput : IDisposable
{
    private readonly string _stagingDirectory;
    private readonly OutputDirectoryClaim _claim;
    private bool _committed;

    private StagedOutput(string targetDirectory, string stagingDirectory, OutputDirectoryClaim claim)
    {
        TargetDirectory = targetDirectory;
        _stagingDirectory = stagingDirectory;
        _claim = claim;
    }

    /// <summary>The directory that receives the files on commit.</summary>
    public string TargetDirectory { get; }

    /// <summary>
    /// Creates <paramref name="targetDirectory"/> if needed and a staging folder inside it; fails with a
    /// clear message when the directory cannot be written.
    /// </summary>
    public static StagedOutput Create(string targetDirectory)
    {
        ArgumentNullException.ThrowIfNull(targetDirectory);
        if (string.IsNullOrWhiteSpace(targetDirectory))
        {
            throw new EncoreException("Output directory is an empty path: give a directory.");
        }

        var full = Path.GetFullPath(targetDirectory);
        if (File.Exists(full))
        {
            throw new EncoreException($"Output directory '{targetDirectory}' is a file, not a directory.");
        }

        var claim = OutputDirectoryClaim.Before(full);
        try
        {
            Directory.CreateDirectory(full);
            var staging = Path.Combine(full, $".staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            return new StagedOutput(full, staging, claim);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            claim.Dispose();
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
        _claim.Keep();
        TryDeleteStaging();
    }

    /// <summary>Deletes whatever was staged and not committed, and the target directory if <see cref="Create"/> made it.</summary>
    public void Dispose()
    {
        if (!_committed)
        {
            TryDeleteStaging();
            _committed = true;
            _claim.Dispose();
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
