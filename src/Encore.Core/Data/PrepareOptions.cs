using System.Text.RegularExpressions;

namespace Encore.Core.Data;

/// <summary>Parameters of <see cref="Preprocessor.Prepare"/> (the CLI's <c>encore prepare</c>).</summary>
public sealed partial record PrepareOptions
{
    /// <summary>The default DuckDB memory budget: the full data set fits the 8 GB peak target with room to spare.</summary>
    public const string DefaultMemoryLimit = "6GB";

    /// <summary>
    /// Keep listens with <c>track_seq ≡ 1 (mod step)</c>: the seed's step 3 keeps 1, 4, 7, …; 1 keeps all.
    /// </summary>
    public int SubsampleStep { get; init; } = 3;

    /// <summary>Train is <c>started_at &lt; SplitDate</c>, test the rest (docs/seed.md §3).</summary>
    public DateOnly SplitDate { get; init; } = new(2022, 12, 16);

    /// <summary>DuckDB's <c>memory_limit</c>, e.g. "6GB" or "512MiB"; null means <see cref="DefaultMemoryLimit"/>.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>DuckDB worker threads; null uses every core. The output does not depend on it.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Also write report/ (data.md and plots) into the same staged output, so the data and its report land
    /// together or not at all.
    /// </summary>
    public bool WriteReport { get; init; } = true;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="EncoreException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        if (SubsampleStep < 1)
        {
            throw new EncoreException($"subsample-step must be at least 1 (1 keeps every listen), got {SubsampleStep}.");
        }

        if (MemoryLimit is not null && !MemoryLimitPattern().IsMatch(MemoryLimit))
        {
            throw new EncoreException(
                $"memory-limit '{MemoryLimit}' is not a size such as 6GB, 512MB or 4GiB.");
        }

        if (Threads is < 1)
        {
            throw new EncoreException($"threads must be at least 1, got {Threads}.");
        }
    }

    // DuckDB accepts these units; checking here turns a typo into a message about the parameter
    // instead of a DuckDB parser error half-way through.
    [GeneratedRegex(@"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MemoryLimitPattern();
}
