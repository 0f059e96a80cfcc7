using System.Text.Json.Nodes;

namespace Encore.Core.Pipeline;

/// <summary>A file a step reads or writes: its name in the step records and where it is.</summary>
public sealed record StepFile(string Name, string Path);

/// <summary>What a step run reports: a summary for the console, and output hashes it already computed.</summary>
/// <param name="Summary">One or more lines for the user.</param>
/// <param name="KnownHashes">SHA-256 (lower-case hex) by <see cref="StepFile.Name"/>; the runner hashes the others.</param>
public sealed record StepResult(string Summary, IReadOnlyDictionary<string, string>? KnownHashes = null);

/// <summary>
/// One step of <c>encore pipeline</c>. The runner skips it when its fingerprint (its parameters and the hashes of
/// its inputs) matches the last successful run and its outputs are still there; otherwise it runs it.
/// </summary>
/// <remarks>
/// A step writes all its outputs at once (through <see cref="IO.StagedOutput"/>), so a failure or Ctrl+C leaves the
/// previous outputs as they were and the next run starts again at that step.
/// </remarks>
public interface IPipelineStep
{
    /// <summary>Short lower-case name: the state file, <c>--force NAME</c> and the summary table use it.</summary>
    string Name { get; }

    /// <summary>The step's effective parameters, as encore.json spells them; part of the fingerprint.</summary>
    JsonNode Parameters { get; }

    /// <summary>The files the step reads, as they are now (earlier steps have run); a missing one is an error.</summary>
    IReadOnlyList<StepFile> Inputs(PipelineLayout layout);

    /// <summary>The files the step owns; it is rerun when one is missing or has changed size.</summary>
    IReadOnlyList<StepFile> Outputs(PipelineLayout layout);

    /// <summary>Runs the step; all or none of its outputs are written.</summary>
    StepResult Run(PipelineLayout layout, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken);
}
