using Encore.Core.Data.DuckDb;

namespace Encore.Core.Data;

/// <summary>Computes the <see cref="DataProfile"/> of a prepared data folder (the output of <c>prepare</c>).</summary>
public static class DataProfiler
{
    /// <summary>How many tracks and genres the profile ranks.</summary>
    public const int TopCount = 20;

    /// <summary>Profiles items.parquet, events.parquet and genres.parquet in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="EncoreException">A file is missing or unreadable, or a column is missing or mistyped.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between two queries.</exception>
    public static DataProfile Compute(string dataDirectory, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var items = RequireFile(dataDirectory, FileNames.Items);
        var events = RequireFile(dataDirectory, FileNames.Events);
        var genres = RequireFile(dataDirectory, FileNames.GenresTable);

        using var session = new DuckDbSession();
        var queries = new DataProfileQueries(session, items, events, genres);
        queries.DefineInputs();
        ct.ThrowIfCancellationRequested();
        queries.CountEvents();
        ct.ThrowIfCancellationRequested();

        var itemCount = queries.ItemCount();
        var playedItems = queries.PlayedItemCount();
        var plays = queries.PlaysPerTrackFrequencies();
        var listens = queries.ListensPerUserFrequencies();
        ct.ThrowIfCancellationRequested();
        var months = queries.MonthlyActivity();
        ct.ThrowIfCancellationRequested();
        var topTracks = queries.TopTracks(TopCount);
        ct.ThrowIfCancellationRequested();
        var byPlays = queries.TopGenres(TopCount, byPlays: true);
        var byItems = queries.TopGenres(TopCount, byPlays: false);

        var playsPerTrack = CountDistribution.FromFrequencies(plays);
        var listensPerUser = CountDistribution.FromFrequencies(listens);
        return new DataProfile(
            Users: listensPerUser.Count,
            Items: itemCount,
            PlayedItems: playedItems,
            NeverPlayedItems: itemCount - playedItems,
            Events: TotalEvents(listens),
            Genres: queries.GenreCount(),
            PlaysPerTrack: playsPerTrack,
            ListensPerUser: listensPerUser,
            PlaysPerTrackFrequencies: plays,
            ListensPerUserFrequencies: listens,
            Months: months,
            TopTracks: topTracks,
            TopGenresByPlays: byPlays,
            TopGenresByItems: byItems);
    }

    private static long TotalEvents(IReadOnlyList<CountFrequency> listensPerUser)
    {
        long total = 0;
        foreach (var (listens, users) in listensPerUser)
        {
            total += listens * users;
        }

        return total;
    }

    private static string RequireFile(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? path : throw new EncoreException($"{path}: file not found.");
    }
}
