using Encore.Core.Data.DuckDb;
using Encore.Core.IO;

namespace Encore.Core.Data.Import;

/// <summary>
/// <c>encore import</c>: any service's interaction log (CSV/TSV) → events.parquet and items.parquet in the
/// shape <c>prepare</c> writes, so every later step reads imported and prepared data alike (docs/import.md). A column
/// of string ids is mapped to dense ints, and the map written beside them (user_ids.parquet, item_ids.parquet).
/// </summary>
public static class Importer
{
    /// <summary>
    /// Reads the log (and the names file), checks every id, weight and time, and writes both files to
    /// <paramref name="outputDirectory"/> only when all of them are good.
    /// </summary>
    /// <exception cref="EncoreException">
    /// A file is missing or empty, a column is not in the header (the message lists those found), or a value is
    /// not what its column needs (the message names the column, line and value).
    /// </exception>
    public static ImportSummary Import(
        ImportOptions options,
        string outputDirectory,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        options.Validate();
        progress ??= NullProgress.Instance;

        var eventsSeparator = CsvSeparator.Resolve(options.EventsPath, options.Separator, "--events");
        var namesSeparator = options.NamesPath is null
            ? CsvSeparator.Auto
            : CsvSeparator.Resolve(options.NamesPath, options.Separator, "--names");

        using var staged = StagedOutput.Create(outputDirectory);
        using var session = new DuckDbSession();
        var pipeline = new ImportPipeline(session, options, progress, cancellationToken);
        var summary = pipeline.Run(
            eventsSeparator,
            namesSeparator,
            staged.PathFor(FileNames.Events),
            staged.PathFor(FileNames.Items),
            file => staged.PathFor(file.File));
        staged.Commit();
        // A map left by an earlier import of string ids would be copied into the next artifact set by train.
        foreach (var (file, written) in new[] { (IdMapFile.Users, summary.UserIdsMapped), (IdMapFile.Items, summary.ItemIdsMapped) })
        {
            if (!written)
            {
                File.Delete(Path.Combine(staged.TargetDirectory, file.File));
            }
        }

        return summary;
    }
}
