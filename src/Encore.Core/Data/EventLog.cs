using Encore.Core.Data.DuckDb;

namespace Encore.Core.Data;

/// <summary>
/// The listening events of events.parquet as three parallel columns, in file order (user, then time).
/// Days count from 1970-01-01, since the data has dates only. 74M events take ~0.9 GB.
/// </summary>
public sealed class EventLog
{
    public EventLog(int[] users, int[] items, int[] days)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(days);
        if (users.Length != items.Length || users.Length != days.Length)
        {
            throw new ArgumentException("users, items and days must have the same length.");
        }

        Users = users;
        Items = items;
        Days = days;
    }

    public int[] Users { get; }

    public int[] Items { get; }

    /// <summary>Days since 1970-01-01 of each event.</summary>
    public int[] Days { get; }

    public int Count => Users.Length;

    /// <summary>Reads events.parquet; the message of any error names the file and column.</summary>
    public static EventLog Read(string path, CancellationToken cancellationToken = default) =>
        EventLogReader.Read(path, cancellationToken);

    /// <summary>The day number of <paramref name="date"/>, as in <see cref="Days"/>.</summary>
    public static int DayOf(DateOnly date) => date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>The date of a day number of <see cref="Days"/>.</summary>
    public static DateOnly DateOf(int day) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + day);

    /// <summary>
    /// Splits by time (docs/seed.md §3): train = events before <paramref name="splitDate"/>, test = from it on.
    /// Order is kept within each part.
    /// </summary>
    public (EventLog Train, EventLog Test) SplitAt(DateOnly splitDate)
    {
        var boundary = DayOf(splitDate);
        return (Window(int.MinValue, boundary), Window(boundary, int.MaxValue));
    }

    /// <summary>The events whose day is in [<paramref name="fromDay"/>, <paramref name="toDay"/>).</summary>
    public EventLog Window(int fromDay, int toDay)
    {
        // Spans, not the properties: 70M events at full scale, read three times a pipeline.
        ReadOnlySpan<int> days = Days;
        var count = 0;
        foreach (var day in days)
        {
            count += day >= fromDay && day < toDay ? 1 : 0;
        }

        var window = new EventLog(new int[count], new int[count], new int[count]);
        ReadOnlySpan<int> users = Users;
        ReadOnlySpan<int> items = Items;
        Span<int> toUsers = window.Users;
        Span<int> toItems = window.Items;
        Span<int> toDays = window.Days;
        var w = 0;
        for (var i = 0; i < days.Length && w < count; i++)
        {
            var day = days[i];
            if (day >= fromDay && day < toDay)
            {
                toUsers[w] = users[i];
                toItems[w] = items[i];
                toDays[w++] = day;
            }
        }

        return window;
    }
}
