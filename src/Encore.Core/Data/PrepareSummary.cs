namespace Encore.Core.Data;

/// <summary>Rows left after one preprocessing step, in the order the steps ran.</summary>
public sealed record StepCount(string Step, long Rows);

/// <summary>Rows (or list elements) dropped for one reason.</summary>
/// <param name="Reason">Why they were dropped, as the report prints it.</param>
/// <param name="Rows">How many were dropped.</param>
/// <param name="InputRows">
/// How many rows (or list elements) the dropping step started from, so the report can print the share dropped;
/// 0 when not recorded, and the report prints a dash.
/// </param>
public sealed record DropCount(string Reason, long Rows, long InputRows = 0);

/// <summary>The train/test split as written to split.json (docs/seed.md §3).</summary>
public sealed record SplitSummary(
    DateOnly SplitDate,
    long TrainEvents,
    long TestEvents,
    long TrainUsers,
    long TestUsers,
    long ColdUsers);

/// <summary>What <c>prepare</c> did: the counts the data report and the CLI show.</summary>
public sealed record PrepareSummary(
    IReadOnlyList<StepCount> Steps,
    IReadOnlyList<DropCount> Drops,
    SplitSummary Split,
    int SubsampleStep);
