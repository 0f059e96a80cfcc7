using System.Text;
using Encore.Core.Reports;
using static Encore.Core.Reports.ReportFormat;

namespace Encore.Core.Data.Reports;

/// <summary>The text of data.md. Pure: the same profile and summary give the same string.</summary>
internal static class DataReportMarkdown
{
    /// <summary>Plays per item in the seed notebook (docs/seed.md §2), for comparison; its 90% and 99% are unknown.</summary>
    private static readonly CountDistribution SeedPlays = new(
        Count: 959_261, Min: 1, P25: 3, Median: 7, P75: 24, P90: double.NaN, P99: double.NaN, Max: 41_366,
        Mean: 77.68, Std: 472.80);

    public static string Build(DataProfile profile, PrepareSummary summary)
    {
        var md = new StringBuilder();
        md.Append("# Encore data report\n\n");
        md.Append("The prepared data (items.parquet, events.parquet, genres.parquet and split.json): ")
            .Append(Count(profile.Events)).Append(" listening events of ")
            .Append(Count(profile.Users)).Append(" users on ")
            .Append(Count(profile.Items)).Append(" tracks.\n\n");
        Preprocessing(md, summary);
        Overview(md, profile);
        Distributions(md, profile);
        Months(md, profile);
        Split(md, summary.Split);
        TopTracks(md, profile);
        TopGenres(md, profile);
        return md.ToString();
    }

    private static void Preprocessing(StringBuilder md, PrepareSummary summary)
    {
        md.Append("## Preprocessing\n\n");
        md.Append(summary.SubsampleStep <= 1
            ? "Every listening event was kept (no subsampling).\n\n"
            : $"Every {Ordinal(summary.SubsampleStep)} event of each user was kept (track_seq ≡ 1 mod {summary.SubsampleStep}), as the seed does.\n\n");

        var steps = new MarkdownTable("Step", ">Rows after the step");
        foreach (var step in summary.Steps)
        {
            steps.Row(Cell(step.Step), Count(step.Rows));
        }

        steps.WriteTo(md);
        if (summary.Drops.Count == 0)
        {
            md.Append("Nothing was dropped.\n\n");
            return;
        }

        var drops = new MarkdownTable("Dropped", ">Rows", ">% of the step's input");
        foreach (var drop in summary.Drops)
        {
            drops.Row(Cell(drop.Reason), Count(drop.Rows), Percent(drop.Rows, drop.InputRows));
        }

        drops.WriteTo(md);
    }

    private static void Overview(StringBuilder md, DataProfile profile)
    {
        md.Append("## Users, tracks and genres\n\n");
        new MarkdownTable("", ">Count", ">% of tracks")
            .Row("Users", Count(profile.Users), NotAvailable)
            .Row("Listening events", Count(profile.Events), NotAvailable)
            .Row("Tracks (items)", Count(profile.Items), Percent(profile.Items, profile.Items))
            .Row("Played tracks", Count(profile.PlayedItems), Percent(profile.PlayedItems, profile.Items))
            .Row("Tracks never played", Count(profile.NeverPlayedItems), Percent(profile.NeverPlayedItems, profile.Items))
            .Row("Genres", Count(profile.Genres), NotAvailable)
            .WriteTo(md);
    }

    private static void Distributions(StringBuilder md, DataProfile profile)
    {
        md.Append("## Plays per track and listens per user\n\n");
        md.Append("Plays per track counts played tracks only. The seed column is the seed notebook's pandas ")
            .Append("`describe()` of the full Yandex Music data with every 3rd event kept (docs/seed.md §2).\n\n");
        var plays = profile.PlaysPerTrack;
        var listens = profile.ListensPerUser;
        new MarkdownTable("Statistic", ">Plays per track", ">Seed", ">Listens per user")
            .Row("Count", Count(plays.Count), Count(SeedPlays.Count), Count(listens.Count))
            .Row("Min", Number(plays.Min), Number(SeedPlays.Min), Number(listens.Min))
            .Row("25%", Number(plays.P25), Number(SeedPlays.P25), Number(listens.P25))
            .Row("Median", Number(plays.Median), Number(SeedPlays.Median), Number(listens.Median))
            .Row("75%", Number(plays.P75), Number(SeedPlays.P75), Number(listens.P75))
            .Row("90%", Number(plays.P90), NotAvailable, Number(listens.P90))
            .Row("99%", Number(plays.P99), NotAvailable, Number(listens.P99))
            .Row("Max", Number(plays.Max), Number(SeedPlays.Max), Number(listens.Max))
            .Row("Mean", Fixed2(plays.Mean), Fixed2(SeedPlays.Mean), Fixed2(listens.Mean))
            .Row("Std", Fixed2(plays.Std), Fixed2(SeedPlays.Std), Fixed2(listens.Std))
            .WriteTo(md);
        Image(md, "Tracks with at least x plays, log-log", DataReport.PlaysPerTrackChart);
        Image(md, "Histogram of listens per user, log-scaled bins", DataReport.ListensPerUserChart);
    }

    private static void Months(StringBuilder md, DataProfile profile)
    {
        md.Append("## Listening per month\n\n");
        if (profile.Months.Count == 0)
        {
            md.Append("No listening events.\n\n");
        }
        else
        {
            var table = new MarkdownTable("Month", ">Listens", ">Unique users");
            foreach (var month in profile.Months)
            {
                table.Row(Month(month.Month), Count(month.Listens), Count(month.Users));
            }

            table.WriteTo(md);
        }

        Image(md, "Listens and unique users per month", DataReport.ListensPerMonthChart);
    }

    private static void Split(StringBuilder md, SplitSummary split)
    {
        var date = Date(split.SplitDate);
        var events = split.TrainEvents + split.TestEvents;
        // Every user is in train or is a cold (test-only) user, so these two add up to all users.
        var users = split.TrainUsers + split.ColdUsers;
        md.Append("## Train/test split\n\n");
        md.Append("A global time split (docs/seed.md §3): train is every event before ").Append(date)
            .Append(", test every event from that day on. User shares are of all ").Append(Count(users))
            .Append(" users; a user can be in both parts. Cold users, in test but not in train, are a share of ")
            .Append("test users.\n\n");
        new MarkdownTable("Part", ">Events", ">% of events", ">Users", ">% of users")
            .Row($"Train (before {date})", Count(split.TrainEvents), Percent(split.TrainEvents, events),
                Count(split.TrainUsers), Percent(split.TrainUsers, users))
            .Row($"Test (from {date})", Count(split.TestEvents), Percent(split.TestEvents, events),
                Count(split.TestUsers), Percent(split.TestUsers, users))
            .Row("Cold users (test only)", NotAvailable, NotAvailable, Count(split.ColdUsers),
                Percent(split.ColdUsers, split.TestUsers) + " of test")
            .WriteTo(md);
    }

    private static void TopTracks(StringBuilder md, DataProfile profile)
    {
        md.Append("## Top ").Append(profile.TopTracks.Count).Append(" tracks\n\n");
        md.Append("By plays; ties go to the smaller item_id.\n\n");
        var table = new MarkdownTable(">#", "Track", "Artists", ">Plays", ">Listeners");
        foreach (var track in profile.TopTracks)
        {
            table.Row(Rank(track.Rank),
                Cell(DataReport.TrackName(track)),
                track.Artists.Count == 0 ? NotAvailable : Cell(string.Join(", ", track.Artists)),
                Count(track.Plays), Count(track.Listeners));
        }

        table.WriteTo(md);
        Image(md, "Top tracks by plays", DataReport.TopTracksChart);
    }

    private static void TopGenres(StringBuilder md, DataProfile profile)
    {
        md.Append("## Top ").Append(profile.TopGenresByPlays.Count).Append(" genres\n\n");
        md.Append("A genre's plays are the plays of its tracks; a track with two genres counts for both, so the ")
            .Append("shares add up to more than 100%. Tracks is the genre's items_count.\n\n");
        md.Append("### By plays\n\n");
        var byPlays = new MarkdownTable(">#", "Genre", ">Plays", ">% of listens", ">Tracks", ">% of tracks");
        foreach (var genre in profile.TopGenresByPlays)
        {
            byPlays.Row(Rank(genre.Rank), Cell(genre.Name), Count(genre.Plays), Percent(genre.Plays, profile.Events),
                Count(genre.Items), Percent(genre.Items, profile.Items));
        }

        byPlays.WriteTo(md);
        Image(md, "Top genres by plays", DataReport.TopGenresChart);
        md.Append("### By tracks\n\n");
        var byItems = new MarkdownTable(">#", "Genre", ">Tracks", ">% of tracks", ">Plays", ">% of listens");
        foreach (var genre in profile.TopGenresByItems)
        {
            byItems.Row(Rank(genre.Rank), Cell(genre.Name), Count(genre.Items), Percent(genre.Items, profile.Items),
                Count(genre.Plays), Percent(genre.Plays, profile.Events));
        }

        byItems.WriteTo(md);
    }

    private static void Image(StringBuilder md, string alt, string file) =>
        md.Append("![").Append(alt).Append("](").Append(file).Append(")\n\n");

    private static string Rank(int rank) => rank.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };
}
