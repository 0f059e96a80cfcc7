using Encore.Core.Data.DuckDb;

namespace Encore.Core.Data;

/// <summary>What a prepared column holds. Readers accept the lossless widenings listed on each kind.</summary>
public enum PreparedColumnKind
{
    /// <summary>An int32 id; TINYINT and SMALLINT widen losslessly, wider integers do not fit.</summary>
    Id,

    /// <summary>A list of int32 ids.</summary>
    IdList,

    /// <summary>A string.</summary>
    Text,

    /// <summary>A list of strings.</summary>
    TextList,

    /// <summary>A date or a timestamp of any unit, with or without a time zone.</summary>
    Timestamp,
}

/// <summary>One column a prepared file must have; <paramref name="ExpectedType"/> names prepare's type, as in SQL, for messages.</summary>
public sealed record PreparedColumn(string Name, PreparedColumnKind Kind, string ExpectedType);

/// <summary>
/// The prepared files (written by <c>prepare</c> and <c>import</c>) that train, the ranker and evaluate read, and
/// the columns each of them reads. Checked before any work, like <see cref="RawSchema"/> for prepare's raw files, so
/// a file of the wrong shape is refused with its path, the column and the expected type instead of failing half-way.
/// </summary>
public static class PreparedSchema
{
    public static readonly PreparedColumn ItemId = new(Columns.ItemId, PreparedColumnKind.Id, "INTEGER");

    public static readonly PreparedColumn GenreIds = new(Columns.GenreIds, PreparedColumnKind.IdList, "INTEGER[]");

    /// <summary>items.parquet: every column training reads (top_popular.parquet copies the display ones).</summary>
    public static IReadOnlyList<PreparedColumn> Items { get; } =
    [
        ItemId,
        new(Columns.Name, PreparedColumnKind.Text, "VARCHAR"),
        new(Columns.Albums, PreparedColumnKind.TextList, "VARCHAR[]"),
        new(Columns.Artists, PreparedColumnKind.TextList, "VARCHAR[]"),
        new(Columns.Genres, PreparedColumnKind.TextList, "VARCHAR[]"),
        GenreIds,
    ];

    /// <summary>events.parquet: one row per listen.</summary>
    public static IReadOnlyList<PreparedColumn> Events { get; } =
    [
        new(Columns.UserId, PreparedColumnKind.Id, "INTEGER"),
        ItemId,
        new(Columns.StartedAt, PreparedColumnKind.Timestamp, "TIMESTAMP"),
    ];

    /// <summary>Checks that items.parquet and events.parquet of <paramref name="dataDirectory"/> have the columns training reads.</summary>
    /// <exception cref="EncoreException">A file is missing or not Parquet, or a column is missing or of another type (named).</exception>
    public static void CheckTrainingInputs(string dataDirectory)
    {
        PreparedParquetInspector.Check(Path.Combine(dataDirectory, FileNames.Items), Items);
        PreparedParquetInspector.Check(Path.Combine(dataDirectory, FileNames.Events), Events);
    }
}
