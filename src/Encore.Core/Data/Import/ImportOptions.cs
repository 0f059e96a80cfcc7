namespace Encore.Core.Data.Import;

/// <summary>
/// What <c>encore import</c> reads: a delimited interaction log (one event per line) and, optionally, a file of
/// item names. Column names are those of the header line, or <c>column0</c>, <c>column1</c>, … without one.
/// </summary>
public sealed record ImportOptions
{
    /// <summary>The interaction log (CSV, TSV or semicolon-separated).</summary>
    public required string EventsPath { get; init; }

    public string UserColumn { get; init; } = "user_id";

    public string ItemColumn { get; init; } = "item_id";

    /// <summary>A play count or rating per line, written as the <c>weight</c> column; null writes none.</summary>
    public string? WeightColumn { get; init; }

    /// <summary>Unix seconds or an ISO date/time per line; null gives every event <see cref="UntimedDate"/>.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>The field separator of both files; <see cref="CsvSeparator.Auto"/> reads it off the first line.</summary>
    public char Separator { get; init; } = CsvSeparator.Auto;

    /// <summary>Whether the first line of each file names its columns.</summary>
    public bool Header { get; init; } = true;

    /// <summary>An optional file with an id and a name per item (e.g. Last.fm's artists.dat).</summary>
    public string? NamesPath { get; init; }

    public string NamesIdColumn { get; init; } = "id";

    public string NamesNameColumn { get; init; } = "name";

    /// <summary>
    /// The started_at of every event of a log without a time column: the Unix epoch, so nobody mistakes it for a
    /// real listening date. Such data has no time split; see docs/import.md.
    /// </summary>
    public static DateTime UntimedDate { get; } = DateTime.UnixEpoch;

    /// <summary>Checks the options that do not need the files.</summary>
    /// <exception cref="EncoreException">An option is empty or names a separator other than , tab or ;.</exception>
    public void Validate()
    {
        Require(EventsPath, "--events");
        Require(UserColumn, "--user-col");
        Require(ItemColumn, "--item-col");
        if (UserColumn == ItemColumn)
        {
            throw new EncoreException($"--user-col and --item-col both name column '{UserColumn}'.");
        }

        if (WeightColumn is not null)
        {
            Require(WeightColumn, "--weight-col");
        }

        if (TimeColumn is not null)
        {
            Require(TimeColumn, "--time-col");
        }

        if (NamesPath is not null)
        {
            Require(NamesPath, "--names");
            Require(NamesIdColumn, "--id-col");
            Require(NamesNameColumn, "--name-col");
        }

        CsvSeparator.Check(Separator);
    }

    private static void Require(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new EncoreException($"{option} must not be empty.");
        }
    }
}
