using System.Data.Common;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// One named step of a DuckDB pipeline (prepare, import): a progress stage around it, a cancellation point
/// before it, and DuckDB errors turned into one user-facing line that says which step failed.
/// </summary>
internal static class DuckDbStep
{
    /// <param name="command">The verb, for the stage and the message ("prepare", "import").</param>
    /// <param name="description">What the step does, e.g. "writing events.parquet".</param>
    /// <param name="body">The step.</param>
    /// <param name="hint">Extra advice for a failure, e.g. to raise the memory limit; null or "" for none.</param>
    /// <param name="progress">Gets the step's stage at its start and end.</param>
    /// <param name="cancellationToken">Checked before the step.</param>
    public static void Run(
        string command,
        string description,
        Action body,
        Func<DbException, string>? hint,
        IProgress<ProgressUpdate> progress,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var stage = $"{command}: {description}";
        progress.Report(new ProgressUpdate(stage, 0, 1, "step"));
        try
        {
            body();
        }
        catch (DbException e)
        {
            throw new EncoreException($"{command} failed while {description}: {DuckDbErrors.Describe(e)}.{hint?.Invoke(e)}", e);
        }

        progress.Report(new ProgressUpdate(stage, 1, 1, "step"));
    }
}
