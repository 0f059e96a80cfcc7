namespace Encore.Core.Data;

/// <summary>What a raw column holds. Readers accept the harmless widenings listed on each kind.</summary>
public enum RawColumnKind
{
    /// <summary>An integer; any integer width is accepted (the value range is checked where it matters).</summary>
    IntegerValue,

    /// <summary>A list of integer ids; any integer element width is accepted, and a NULL list reads as empty.</summary>
    IntegerList,

    /// <summary>A string.</summary>
    Text,

    /// <summary>A date, or a timestamp of any unit (s, ms, µs, ns), with or without a time zone.</summary>
    Timestamp,
}

/// <summary>
/// One column a raw file must have. <paramref name="ExpectedType"/> is the seed's type, named as in SQL, for
/// messages. <paramref name="MustFitInt32"/> marks ids that become int32 in the prepared files, so wider
/// values are range-checked.
/// </summary>
public sealed record RawColumn(string Name, RawColumnKind Kind, string ExpectedType, bool MustFitInt32 = false);

/// <summary>One raw file and the columns it must have; other columns are ignored.</summary>
public sealed record RawFile(string FileName, IReadOnlyList<RawColumn> Columns);

/// <summary>The raw Yandex Music files <c>prepare</c> reads (docs/seed.md §1).</summary>
public static class RawSchema
{
    /// <summary>tracks.parquet: one row per track with lists of album, artist and genre ids.</summary>
    public static readonly RawFile Tracks = new(FileNames.Tracks,
    [
        new RawColumn(Columns.TrackId, RawColumnKind.IntegerValue, "BIGINT", MustFitInt32: true),
        new RawColumn(Columns.Albums, RawColumnKind.IntegerList, "BIGINT[]"),
        new RawColumn(Columns.Artists, RawColumnKind.IntegerList, "BIGINT[]"),
        new RawColumn(Columns.Genres, RawColumnKind.IntegerList, "BIGINT[]"),
    ]);

    /// <summary>catalog_names.parquet: names keyed by (type, id); ids repeat across types.</summary>
    public static readonly RawFile CatalogNames = new(FileNames.CatalogNames,
    [
        new RawColumn(Columns.Id, RawColumnKind.IntegerValue, "BIGINT"),
        new RawColumn(Columns.Type, RawColumnKind.Text, "VARCHAR"),
        new RawColumn(Columns.Name, RawColumnKind.Text, "VARCHAR"),
    ]);

    /// <summary>
    /// interactions.parquet: one row per listen. <c>track_id</c> needs no range check: an id outside int32
    /// cannot name a prepared track and is dropped as absent.
    /// </summary>
    public static readonly RawFile Interactions = new(FileNames.Interactions,
    [
        new RawColumn(Columns.UserId, RawColumnKind.IntegerValue, "INTEGER", MustFitInt32: true),
        new RawColumn(Columns.TrackId, RawColumnKind.IntegerValue, "INTEGER"),
        new RawColumn(Columns.TrackSeq, RawColumnKind.IntegerValue, "SMALLINT"),
        new RawColumn(Columns.StartedAt, RawColumnKind.Timestamp, "TIMESTAMP"),
    ]);

    /// <summary>The three raw files, in the order they are checked.</summary>
    public static IReadOnlyList<RawFile> All { get; } = [Tracks, CatalogNames, Interactions];

    /// <summary>The catalog <c>type</c> values, each naming the list (or title) it feeds.</summary>
    public static IReadOnlyList<string> CatalogTypeValues { get; } =
        [CatalogTypes.Album, CatalogTypes.Artist, CatalogTypes.Genre, CatalogTypes.Track];
}
