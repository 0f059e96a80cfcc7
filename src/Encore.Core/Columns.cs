namespace Encore.Core;

/// <summary>
/// Column names of every file Encore reads or writes. They are the seed's names (docs/seed.md §1–4), so
/// artifacts stay readable by the seed's notebooks and services.
/// </summary>
public static class Columns
{
    // Raw Yandex Music files (docs/seed.md §1).
    public const string TrackId = "track_id";
    public const string Albums = "albums";
    public const string Artists = "artists";
    public const string Genres = "genres";
    public const string Id = "id";
    public const string Type = "type";
    public const string Name = "name";
    public const string UserId = "user_id";
    public const string TrackSeq = "track_seq";
    public const string StartedAt = "started_at";

    // Prepared files (docs/seed.md §2, step 13).
    public const string ItemId = "item_id";
    public const string GenreIds = "genre_ids";
    public const string GenreId = "genre_id";
    public const string ItemsCount = "items_count";
    public const string Score = "score";

    // Imported logs (docs/import.md): a play count or rating per event.
    public const string Weight = "weight";

    // Id maps of an import with string ids (docs/import.md): the dense int id beside the log's original text.
    public const string OriginalUserId = "original_user_id";
    public const string OriginalItemId = "original_item_id";

    // Artifacts (docs/seed.md §4): ranked lists, the top-popular chart and similar tracks. Here rather than in
    // Artifacts/ArtifactFiles, so that Data's readers of these files (Data/DuckDb) need nothing from a layer above.
    public const string Rank = "rank";
    public const string Plays = "plays";
    public const string Users = "users";
    public const string ItemId1 = "item_id_1";
    public const string ItemId2 = "item_id_2";
}

/// <summary>Names of the files Encore reads and writes.</summary>
public static class FileNames
{
    public const string Tracks = "tracks.parquet";
    public const string CatalogNames = "catalog_names.parquet";
    public const string Interactions = "interactions.parquet";
    public const string Items = "items.parquet";
    public const string Events = "events.parquet";
    public const string GenresTable = "genres.parquet";
    public const string Split = "split.json";

    /// <summary>user_id ↔ original_user_id, written by an import whose user column holds strings (docs/import.md).</summary>
    public const string UserIds = "user_ids.parquet";

    /// <summary>item_id ↔ original_item_id, written by an import whose item column holds strings.</summary>
    public const string ItemIds = "item_ids.parquet";
    public const string ReportDirectory = "report";
    public const string DataReport = "data.md";
}

/// <summary>Values of the catalog's <c>type</c> column.</summary>
public static class CatalogTypes
{
    public const string Album = "album";
    public const string Artist = "artist";
    public const string Genre = "genre";
    public const string Track = "track";
}
