using System.Text.Json.Nodes;

namespace Encore.Core.Pipeline;

/// <summary>
/// .encore/steps/&lt;step&gt;.json: the record of a step's last successful run. It is deleted before the step runs and
/// written after its outputs are committed, so it never describes outputs that are not there.
/// </summary>
public sealed record StepState(
    int FormatVersion,
    string Step,
    string Fingerprint,
    JsonNode Parameters,
    IReadOnlyList<FileRecord> Inputs,
    IReadOnlyList<FileRecord> Outputs,
    DateTime StartedUtc,
    double Seconds,
    long PeakRssBytes)
{
    public static string PathOf(PipelineLayout layout, string step) => Path.Combine(layout.States, $"{step}.json");

    /// <summary>The step's last record, or null when there is none or it cannot be read (the step then just reruns).</summary>
    public static StepState? TryRead(string path)
    {
        var state = RecordJson.TryRead<StepState>(path);
        return state?.FormatVersion == StepFingerprint.FormatVersion ? state : null;
    }

    public void Write(string path) => RecordJson.Write(path, this);
}
