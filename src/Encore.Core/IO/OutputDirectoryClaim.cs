namespace Encore.Core.IO;

/// <summary>
/// Remembers whether an output directory existed before a run, so that a run that fails can take back the
/// directories it created (the output directory and any missing parents above it) instead of leaving an empty or
/// half-written one behind. A directory that existed before the claim is never deleted, whatever is in it.
/// </summary>
public sealed class OutputDirectoryClaim : IDisposable
{
    // The topmost directory that did not exist at claim time; null when the output directory was already there.
    private readonly string? _created;
    private bool _settled;

    private OutputDirectoryClaim(string? created) => _created = created;

    /// <summary>Takes note of <paramref name="directory"/> before anything creates it.</summary>
    /// <exception cref="EncoreException"><paramref name="directory"/> is empty.</exception>
    public static OutputDirectoryClaim Before(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new EncoreException("Output directory is an empty path: give a directory.");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        string? created = null;
        for (var current = full; current is not null && !Path.Exists(current); current = Path.GetDirectoryName(current))
        {
            created = current;
        }

        return new OutputDirectoryClaim(created);
    }

    /// <summary>The run succeeded (or committed something worth keeping): nothing is removed on dispose.</summary>
    public void Keep() => _settled = true;

    /// <summary>Unless <see cref="Keep"/> was called, removes the directories this run created, with their contents.</summary>
    public void Dispose()
    {
        if (_settled)
        {
            return;
        }

        _settled = true;
        if (_created is null)
        {
            return;
        }

        try
        {
            if (Directory.Exists(_created))
            {
                Directory.Delete(_created, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the error that got us here matters more than a leftover directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
