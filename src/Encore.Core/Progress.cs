namespace Encore.Core;

/// <summary>
/// One progress report of a long step. <paramref name="Total"/> is 0 when the amount of work is unknown.
/// </summary>
public readonly record struct ProgressUpdate(string Stage, long Done, long Total, string Unit = "");

/// <summary>Progress that goes nowhere, for callers that do not want it.</summary>
public sealed class NullProgress : IProgress<ProgressUpdate>
{
    public static readonly NullProgress Instance = new();

    public void Report(ProgressUpdate value) { }
}
