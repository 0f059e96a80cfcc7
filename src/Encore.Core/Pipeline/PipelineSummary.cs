using System.Globalization;
using System.Text;
using Encore.Core.Reports;

namespace Encore.Core.Pipeline;

/// <summary>What happened to a step in one pipeline run.</summary>
public enum StepStatus
{
    Ran,
    Skipped,
    Failed,
}

/// <summary>One row of the pipeline summary.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="Status">Ran, skipped (unchanged) or failed.</param>
/// <param name="Reason">Why it ran ("parameters changed", "forced", …), "unchanged" when skipped, or the error.</param>
/// <param name="Seconds">Wall time of the run that made the step's outputs: this one, or for a skipped step the earlier one.</param>
/// <param name="PeakRssBytes">Peak resident memory during that run (see <see cref="PipelineSummary.PeakRssPerStep"/>).</param>
/// <param name="Fingerprint">SHA-256 of the step's parameters and inputs.</param>
public sealed record StepRecord(string Step, StepStatus Status, string Reason, double Seconds, long PeakRssBytes, string Fingerprint);

/// <summary>pipeline.json: every step's status, time and peak memory, rewritten after each step.</summary>
/// <param name="FormatVersion">Version of this file's layout.</param>
/// <param name="StartedUtc">When this run started.</param>
/// <param name="RawDirectory">The raw input directory.</param>
/// <param name="OutputDirectory">The pipeline's output directory.</param>
/// <param name="TotalSeconds">Wall time of this run so far, skipped steps' checks included.</param>
/// <param name="PeakRssPerStep">True when each step's peak was measured from a reset (Linux); false: the process's peak so far.</param>
/// <param name="Steps">One record per step reached, in order.</param>
public sealed record PipelineSummary(
    int FormatVersion,
    DateTime StartedUtc,
    string RawDirectory,
    string OutputDirectory,
    double TotalSeconds,
    bool PeakRssPerStep,
    IReadOnlyList<StepRecord> Steps)
{
    public void Write(string path) => RecordJson.Write(path, this);

    /// <summary>The steps as a markdown table: status, seconds and peak resident memory in MiB.</summary>
    public string ToMarkdown()
    {
        var table = new MarkdownTable("step", "status", ">seconds", ">peak RSS (MiB)");
        foreach (var step in Steps)
        {
            table.Row(
                step.Step,
                step.Status.ToString().ToLowerInvariant(),
                step.Seconds.ToString("F1", CultureInfo.InvariantCulture),
                (step.PeakRssBytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture));
        }

        var text = new StringBuilder();
        table.WriteTo(text);
        return text.ToString();
    }

    /// <summary>Reads a pipeline.json written by <see cref="Write"/>; null when missing or unreadable.</summary>
    public static PipelineSummary? TryRead(string path) => RecordJson.TryRead<PipelineSummary>(path);
}
