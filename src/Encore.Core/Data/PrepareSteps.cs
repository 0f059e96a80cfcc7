namespace Encore.Core.Data;

/// <summary>Names of the <see cref="PrepareSummary.Steps"/> rows, in the order <c>prepare</c> reports them.</summary>
public static class PrepareSteps
{
    public const string RawCatalogNames = "raw catalog names";
    public const string RawTracks = "raw tracks";
    public const string TracksKept = "tracks with non-empty albums, artists and genres (items)";
    public const string RawListens = "raw listens";
    public const string ListensOfKeptTracks = "listens of kept tracks";
    public const string ListensAfterSubsample = "listens after subsampling (events)";
}

/// <summary>Reasons of the <see cref="PrepareSummary.Drops"/> rows; the unit is part of each reason.</summary>
public static class PrepareDrops
{
    public const string TracksWithEmptyList = "tracks with an empty albums, artists or genres list";
    public const string UnknownAlbumIds = "unknown album ids dropped (list elements)";
    public const string UnknownArtistIds = "unknown artist ids dropped (list elements)";
    public const string UnknownGenreIds = "unknown genre ids dropped (list elements)";

    /// <summary>Not a dropped row: the track is kept with name "" because the catalog has no title for it.</summary>
    public const string MissingTitles = "track titles missing (tracks kept with name \"\")";

    public const string ListensOfRemovedTracks = "listens of removed tracks";
    public const string ListensOfAbsentTracks = "listens of track ids absent from tracks.parquet";
    public const string ListensSubsampledOut = "listens left out by subsampling (track_seq not 1 mod step)";
}
