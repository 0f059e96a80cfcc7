using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Reports;
using Encore.Core.IO;

namespace Encore.Core.Data;

/// <summary>
/// <c>prepare</c>: turns the raw Yandex Music files (docs/seed.md §1) into items.parquet, events.parquet,
/// genres.parquet and split.json (docs/seed.md §2–3, with the flaws of §9 fixed). The rules are the SQL steps
/// of <c>PrepareSql</c>.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>A track with an empty (or NULL) albums, artists or genres list is removed.</item>
/// <item>Names are looked up by (type, id). Ids without a name leave the lists and are counted per type; a
/// track whose list empties that way is kept, since its raw list was not empty. A missing title becomes "".</item>
/// <item>Name lists are sorted (ordinal) and de-duplicated; genre_ids holds the raw ids aligned with genres.</item>
/// <item>Listens of removed tracks and of ids absent from tracks.parquet are dropped (counted apart).</item>
/// <item>Listens with track_seq ≡ 1 (mod SubsampleStep) are kept; track_seq is not written.</item>
/// <item>Outputs are fully sorted, so the same input gives byte-identical files at any thread count.</item>
/// </list>
/// </remarks>
public static class Preprocessor
{
    private const string CheckStage = "prepare: checking raw files";
    private const string ReportStage = "prepare: writing the data report";

    /// <summary>
    /// Checks the raw files, then writes the prepared files into <paramref name="outputDirectory"/> all at once:
    /// on any error nothing is written there.
    /// </summary>
    /// <param name="rawDirectory">Holds tracks.parquet, catalog_names.parquet and interactions.parquet.</param>
    /// <param name="outputDirectory">Receives the prepared files; created if missing.</param>
    /// <param name="options">Subsampling, split date and DuckDB resources.</param>
    /// <param name="progress">Receives one stage per step.</param>
    /// <param name="cancellationToken">Interrupts the running query too.</param>
    /// <returns>Rows after each step, rows dropped per reason, and the split.</returns>
    /// <exception cref="EncoreException">
    /// A bad parameter, a missing or malformed raw file (the message names the file and column), or an
    /// unwritable output directory.
    /// </exception>
    public static PrepareSummary Prepare(
        string rawDirectory,
        string outputDirectory,
        PrepareOptions options,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(rawDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        progress ??= NullProgress.Instance;
        cancellationToken.ThrowIfCancellationRequested();

        var session = new DuckDbSession(options.MemoryLimit ?? PrepareOptions.DefaultMemoryLimit, options.Threads);
        StagedOutput? staged = null;
        try
        {
            // Outputs follow ORDER BY; this keeps DuckDB from trading that order for speed.
            session.Execute("SET preserve_insertion_order = true");
            progress.Report(new ProgressUpdate(CheckStage, 0, 1, "step"));
            // Before the output folder is touched: bad input leaves no trace there.
            var raw = RawInputs.Inspect(session, rawDirectory);
            progress.Report(new ProgressUpdate(CheckStage, 1, 1, "step"));
            cancellationToken.ThrowIfCancellationRequested();

            staged = StagedOutput.Create(outputDirectory);
            // DuckDB spills next to the outputs (same disk, removed with the staging folder), not into /tmp.
            var spill = staged.PathFor(".duckdb-spill");
            Directory.CreateDirectory(spill);
            session.Execute($"SET temp_directory = {Sql.Literal(spill)}");
            var paths = new PreparedPaths(
                staged.PathFor(FileNames.Items), staged.PathFor(FileNames.GenresTable), staged.PathFor(FileNames.Events));
            var summary = new PreparePipeline(session, options, progress, cancellationToken).Run(raw, paths);

            // Closing the session removes its spill files; the folder itself must not be committed.
            session.Dispose();
            Directory.Delete(spill, recursive: true);
            cancellationToken.ThrowIfCancellationRequested();
            var items = summary.Steps.First(s => s.Step == PrepareSteps.TracksKept).Rows;
            SplitJson.Write(staged.PathFor(FileNames.Split), summary, items);
            if (options.WriteReport)
            {
                progress.Report(new ProgressUpdate(ReportStage, 0, 1, "step"));
                var profile = DataProfiler.Compute(staged.PathFor(""), cancellationToken);
                DataReport.Write(profile, summary, staged.PathFor(FileNames.ReportDirectory));
                progress.Report(new ProgressUpdate(ReportStage, 1, 1, "step"));
            }

            staged.Commit();
            return summary;
        }
        finally
        {
            session.Dispose();
            staged?.Dispose();
        }
    }
}
