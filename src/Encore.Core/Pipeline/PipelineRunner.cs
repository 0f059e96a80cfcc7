using System.Diagnostics;
using Encore.Core.Config;
using Encore.Core.IO;
using Encore.Core.Runtime;

namespace Encore.Core.Pipeline;

/// <summary>
/// Runs the pipeline's steps in order and resumes: a step whose fingerprint (parameters and input hashes) matches
/// its last successful run, and whose outputs are still there with their recorded sizes, is skipped. A step that
/// reruns with new outputs changes the fingerprints of the steps that read them, so they rerun too.
/// </summary>
/// <remarks>
/// Each step commits its outputs at once, then its state file; a failure or Ctrl+C leaves earlier steps' outputs and
/// states intact and no state for the failed step, so the next run starts there. pipeline.json is rewritten after every
/// step, failed ones included.
/// </remarks>
public static class PipelineRunner
{
    /// <exception cref="EncoreException">An unknown step in <see cref="PipelineRunOptions.Force"/>, a missing input, or a step's own error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static PipelineSummary Run(
        PipelineLayout layout,
        IReadOnlyList<IPipelineStep> steps,
        PipelineRunOptions options,
        IPipelineListener? listener = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(options);
        listener ??= NullPipelineListener.Instance;
        var forceFrom = ForceFrom(steps, options.Force);
        // A run that fails before any step has committed takes back the output directory it created.
        using var claim = OutputDirectoryClaim.Before(layout.OutputDirectory);
        try
        {
            Directory.CreateDirectory(layout.States);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Output directory '{layout.OutputDirectory}' cannot be written: {e.Message}", e);
        }

        var digests = new FileDigests(options.Verify);
        foreach (var step in steps)
        {
            if (StepState.TryRead(StepState.PathOf(layout, step.Name)) is { } known)
            {
                foreach (var file in known.Inputs.Concat(known.Outputs))
                {
                    digests.Learn(PathOf(layout, file.File), file);
                }
            }
        }

        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var perStep = PeakMemory.TryReset();
        var records = new List<StepRecord>(steps.Count);
        PipelineSummary Summary() =>
            new(StepFingerprint.FormatVersion, started, layout.RawDirectory, layout.OutputDirectory, Math.Round(clock.Elapsed.TotalSeconds, 3), perStep, [.. records]);

        for (var i = 0; i < steps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = steps[i];
            var inputs = step.Inputs(layout).Select(file => digests.Digest(file)).ToList();
            var fingerprint = StepFingerprint.Of(step, inputs);
            var statePath = StepState.PathOf(layout, step.Name);
            var previous = StepState.TryRead(statePath);
            var reason = i >= forceFrom ? "forced" : WhyRun(step, previous, fingerprint, inputs, layout, options.Verify);
            if (reason is null)
            {
                claim.Keep();
                var skipped = new StepRecord(step.Name, StepStatus.Skipped, "unchanged", previous!.Seconds, previous.PeakRssBytes, fingerprint);
                records.Add(skipped);
                listener.Skipped(i, steps.Count, skipped);
                continue;
            }

            listener.Starting(i, steps.Count, step.Name, reason);
            File.Delete(statePath);
            var startedStep = DateTime.UtcNow;
            var stepClock = Stopwatch.StartNew();
            MemoryRelease.Now();
            PeakMemory.TryReset();
            StepResult result;
            try
            {
                result = listener.WithProgress(progress => step.Run(layout, progress, cancellationToken));
            }
            catch (Exception e)
            {
                var why = e is OperationCanceledException ? "cancelled" : e.Message;
                records.Add(new StepRecord(step.Name, StepStatus.Failed, why, Math.Round(stepClock.Elapsed.TotalSeconds, 3), PeakMemory.Read(), fingerprint));
                Summary().Write(layout.Summary);
                throw;
            }

            var seconds = stepClock.Elapsed.TotalSeconds;
            var peak = PeakMemory.Read();
            var outputs = step.Outputs(layout)
                .Select(file => digests.Digest(file, result.KnownHashes?.GetValueOrDefault(file.Name)))
                .ToList();
            new StepState(StepFingerprint.FormatVersion, step.Name, fingerprint, step.Parameters, inputs, outputs, startedStep, Math.Round(seconds, 3), peak)
                .Write(statePath);
            claim.Keep();
            var ran = new StepRecord(step.Name, StepStatus.Ran, reason, Math.Round(seconds, 3), peak, fingerprint);
            records.Add(ran);
            listener.Finished(i, steps.Count, ran, result);
            Summary().Write(layout.Summary);
        }

        var summary = Summary();
        summary.Write(layout.Summary);
        return summary;
    }

    /// <summary>Why the step must run, or null when its last run still stands.</summary>
    private static string? WhyRun(
        IPipelineStep step, StepState? previous, string fingerprint, List<FileRecord> inputs, PipelineLayout layout, bool verify)
    {
        if (previous is null)
        {
            return "no earlier run";
        }

        if (previous.Fingerprint != fingerprint)
        {
            if (ConfigJson.Compact(previous.Parameters) != ConfigJson.Compact(step.Parameters))
            {
                return "parameters changed";
            }

            var before = previous.Inputs.ToDictionary(f => f.File, f => f.Sha256, StringComparer.Ordinal);
            foreach (var input in inputs)
            {
                if (!before.TryGetValue(input.File, out var hash) || hash != input.Sha256)
                {
                    return $"{input.File} changed";
                }
            }

            return "inputs changed";
        }

        var recorded = previous.Outputs.ToDictionary(f => f.File, StringComparer.Ordinal);
        foreach (var output in step.Outputs(layout))
        {
            var info = new FileInfo(output.Path);
            if (!info.Exists || !recorded.TryGetValue(output.Name, out var record))
            {
                return $"{output.Name} is missing";
            }

            if (info.Length != record.Bytes)
            {
                return $"{output.Name} changed size";
            }

            if (verify && FileDigests.Hash(output.Path) != record.Sha256)
            {
                return $"{output.Name} changed";
            }
        }

        return null;
    }

    private static int ForceFrom(IReadOnlyList<IPipelineStep> steps, string? force)
    {
        if (force is null)
        {
            return int.MaxValue;
        }

        if (force == PipelineRunOptions.AllSteps)
        {
            return 0;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Name == force)
            {
                return i;
            }
        }

        throw new EncoreException(
            $"--force: '{force}' is not a step; choose {string.Join(", ", steps.Select(s => s.Name))} or {PipelineRunOptions.AllSteps}.");
    }

    /// <summary>Where a recorded file name points: raw/… in the raw directory, the rest under the output directory.</summary>
    private static string PathOf(PipelineLayout layout, string name) =>
        name.StartsWith("raw/", StringComparison.Ordinal)
            ? Path.Combine(layout.RawDirectory, name["raw/".Length..])
            : Path.Combine([layout.OutputDirectory, .. name.Split('/')]);
}
