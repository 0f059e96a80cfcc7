namespace Encore.Core.Data.Import;

/// <summary>How the time column was read.</summary>
public enum ImportTimeKind
{
    /// <summary>No time column: every event has <see cref="ImportOptions.UntimedDate"/>.</summary>
    None,

    /// <summary>Numbers, read as seconds since 1970-01-01 UTC (fractions kept to the microsecond).</summary>
    UnixSeconds,

    /// <summary>ISO dates or date-times; one without an offset is taken as UTC.</summary>
    IsoDateTime,
}

/// <summary>What <c>encore import</c> wrote.</summary>
/// <param name="Events">Rows of events.parquet (one per input line; repeated pairs are kept).</param>
/// <param name="Users">Distinct users.</param>
/// <param name="Items">Rows of items.parquet: the distinct items of the log.</param>
/// <param name="NamedItems">Items that got a name from the names file.</param>
/// <param name="Separator">The separator the log was read with.</param>
/// <param name="HasWeights">Whether events.parquet has a <c>weight</c> column.</param>
/// <param name="Time">How started_at was filled.</param>
/// <param name="FirstEvent">The earliest started_at.</param>
/// <param name="LastEvent">The latest started_at.</param>
/// <param name="UserIdsMapped">Whether the user column held string ids, mapped to 0..n-1 in user_ids.parquet.</param>
/// <param name="ItemIdsMapped">Whether the item column held string ids, mapped to 0..n-1 in item_ids.parquet.</param>
public sealed record ImportSummary(
    long Events,
    long Users,
    long Items,
    long NamedItems,
    char Separator,
    bool HasWeights,
    ImportTimeKind Time,
    DateTime FirstEvent,
    DateTime LastEvent,
    bool UserIdsMapped = false,
    bool ItemIdsMapped = false);
