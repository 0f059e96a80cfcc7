namespace Encore.Core.Data;

/// <summary>
/// What the prepared data looks like: the numbers and distributions of the data report (docs/seed.md §2 EDA).
/// Plain data, computed by <see cref="DataProfiler"/>; every count is 0 and every list empty when there are no
/// events.
/// </summary>
/// <param name="Users">Distinct users in events.parquet.</param>
/// <param name="Items">Rows of items.parquet (the catalogue of tracks).</param>
/// <param name="PlayedItems">Catalogue tracks with at least one event.</param>
/// <param name="NeverPlayedItems">Catalogue tracks with no event (seed: 21,716).</param>
/// <param name="Events">Rows of events.parquet.</param>
/// <param name="Genres">Rows of genres.parquet.</param>
/// <param name="PlaysPerTrack">Plays per played track (seed: mean 77.68, median 7).</param>
/// <param name="ListensPerUser">Events per user.</param>
/// <param name="PlaysPerTrackFrequencies">How many tracks have exactly each play count, ascending by count.</param>
/// <param name="ListensPerUserFrequencies">How many users have exactly each listen count, ascending by count.</param>
/// <param name="Months">Every calendar month from the first to the last event, gaps included as zeros.</param>
/// <param name="TopTracks">The most played tracks, best first.</param>
/// <param name="TopGenresByPlays">The genres whose tracks were played most, best first.</param>
/// <param name="TopGenresByItems">The genres with the most tracks in the catalogue, best first.</param>
public sealed record DataProfile(
    long Users,
    long Items,
    long PlayedItems,
    long NeverPlayedItems,
    long Events,
    int Genres,
    CountDistribution PlaysPerTrack,
    CountDistribution ListensPerUser,
    IReadOnlyList<CountFrequency> PlaysPerTrackFrequencies,
    IReadOnlyList<CountFrequency> ListensPerUserFrequencies,
    IReadOnlyList<MonthlyActivity> Months,
    IReadOnlyList<TopTrack> TopTracks,
    IReadOnlyList<TopGenre> TopGenresByPlays,
    IReadOnlyList<TopGenre> TopGenresByItems);

/// <summary><paramref name="Frequency"/> users (or tracks) have exactly <paramref name="Value"/> events.</summary>
public readonly record struct CountFrequency(long Value, long Frequency);

/// <summary>Listening in one calendar month.</summary>
/// <param name="Month">The first day of the month.</param>
/// <param name="Listens">Events in the month.</param>
/// <param name="Users">Distinct users with an event in the month.</param>
public sealed record MonthlyActivity(DateOnly Month, long Listens, long Users);

/// <summary>One of the most played tracks.</summary>
/// <param name="Rank">1 for the most played.</param>
/// <param name="ItemId">The track's item_id.</param>
/// <param name="Name">The track's title; empty when items.parquet has none.</param>
/// <param name="Artists">The track's artist names, in items.parquet order.</param>
/// <param name="Plays">Events of the track.</param>
/// <param name="Listeners">Distinct users who played it (equal to plays when no user repeats a track).</param>
public sealed record TopTrack(int Rank, int ItemId, string Name, IReadOnlyList<string> Artists, long Plays, long Listeners);

/// <summary>One of the leading genres.</summary>
/// <param name="Rank">1 for the first in the list's order.</param>
/// <param name="GenreId">The genre's genre_id.</param>
/// <param name="Name">The genre's name.</param>
/// <param name="Plays">Events of tracks that carry the genre; a track with two genres counts for both.</param>
/// <param name="Items">The genre's items_count in genres.parquet.</param>
public sealed record TopGenre(int Rank, int GenreId, string Name, long Plays, long Items);
