using System.Text;
using Encore.Core.Reports.Charts;

namespace Encore.Core.Data.Reports;

/// <summary>
/// The data report written after <c>prepare</c>: data.md with the preprocessing counts, the data's numbers and
/// distributions and the split, plus five PNG charts it links to.
/// </summary>
public static class DataReport
{
    public const string ListensPerMonthChart = "listens_per_month.png";
    public const string ListensPerUserChart = "listens_per_user.png";
    public const string PlaysPerTrackChart = "plays_per_track.png";
    public const string TopTracksChart = "top_tracks.png";
    public const string TopGenresChart = "top_genres.png";

    /// <summary>Every chart file the report writes, in the order data.md shows them.</summary>
    public static IReadOnlyList<string> ChartFiles { get; } =
        [PlaysPerTrackChart, ListensPerUserChart, ListensPerMonthChart, TopTracksChart, TopGenresChart];

    /// <summary>
    /// Writes data.md and the charts into <paramref name="reportDirectory"/>, creating it if needed. The caller
    /// passes a <see cref="IO.StagedOutput"/> path, so a failed write leaves no partial report. The same
    /// profile and summary give byte-identical files.
    /// </summary>
    /// <exception cref="EncoreException">The directory or a file in it cannot be written.</exception>
    public static void Write(DataProfile profile, PrepareSummary summary, string reportDirectory)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(reportDirectory);
        try
        {
            Directory.CreateDirectory(reportDirectory);
            WriteFiles(profile, summary, reportDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Report directory '{reportDirectory}' cannot be written: {e.Message}", e);
        }
    }

    /// <summary>The track's title, or "Untitled #item_id" when it has none.</summary>
    internal static string TrackName(TopTrack track) => track.Name.Length > 0 ? track.Name : $"Untitled #{track.ItemId}";

    /// <summary>"Name — Artist, Artist", the label a top track has in the chart.</summary>
    internal static string TrackLabel(TopTrack track) =>
        track.Artists.Count == 0 ? TrackName(track) : $"{TrackName(track)} — {string.Join(", ", track.Artists)}";

    private static void WriteFiles(DataProfile profile, PrepareSummary summary, string directory)
    {
        Charts.MonthlyActivityChart.Save(profile, Path.Combine(directory, ListensPerMonthChart));
        Charts.ListensPerUserChart.Save(profile, Path.Combine(directory, ListensPerUserChart));
        Charts.PlaysPerTrackChart.Save(profile, Path.Combine(directory, PlaysPerTrackChart));
        RankedBarChart.Save(Path.Combine(directory, TopTracksChart),
            TopTitle(profile.TopTracks.Count, "tracks"), "Plays", TrackBars(profile.TopTracks), ChartStyle.NoEvents);
        RankedBarChart.Save(Path.Combine(directory, TopGenresChart),
            TopTitle(profile.TopGenresByPlays.Count, "genres"), "Plays of the genre's tracks",
            GenreBars(profile.TopGenresByPlays), ChartStyle.NoEvents);

        var markdown = DataReportMarkdown.Build(profile, summary);
        File.WriteAllText(Path.Combine(directory, FileNames.DataReport), markdown, new UTF8Encoding(false));
    }

    private static string TopTitle(int count, string what) =>
        count > 0 ? $"Top {count} {what} by plays" : $"Top {what} by plays";

    private static List<RankedBar> TrackBars(IReadOnlyList<TopTrack> tracks)
    {
        var bars = new List<RankedBar>(tracks.Count);
        foreach (var track in tracks)
        {
            bars.Add(new RankedBar(TrackLabel(track), track.Plays));
        }

        return bars;
    }

    private static List<RankedBar> GenreBars(IReadOnlyList<TopGenre> genres)
    {
        var bars = new List<RankedBar>(genres.Count);
        foreach (var genre in genres)
        {
            bars.Add(new RankedBar(genre.Name.Length > 0 ? genre.Name : $"Genre #{genre.GenreId}", genre.Plays));
        }

        return bars;
    }
}
