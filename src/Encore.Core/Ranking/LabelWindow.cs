using Encore.Core.Data;

namespace Encore.Core.Ranking;

/// <summary>
/// The ranker's leak-free target: the listens before the split are cut into a fit part and a label window (the last
/// days before the split). Candidates and features come from the fit part only; the labels are the window's listens.
/// Listens on or after the split date (the test period) are in neither.
/// </summary>
/// <param name="Fit">Listens before <see cref="Start"/>.</param>
/// <param name="Labels">Listens in [<see cref="Start"/>, split date).</param>
/// <param name="Start">First day of the label window.</param>
/// <param name="End">The split day: first day after the label window.</param>
public sealed record LabelWindow(EventLog Fit, EventLog Labels, int Start, int End)
{
    /// <summary>Cuts <paramref name="events"/> (any period; test listens are dropped) at the split date.</summary>
    /// <exception cref="EncoreException">The fit part or the window is empty; the message names label_window_days.</exception>
    public static LabelWindow Split(EventLog events, DateOnly splitDate, int days)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var end = EventLog.DayOf(splitDate);
        var start = end - days;
        var fit = events.Window(int.MinValue, start);
        var labels = events.Window(start, end);
        if (fit.Count == 0 || labels.Count == 0)
        {
            throw new EncoreException(
                $"Parameter 'label_window_days' = {days} leaves {fit.Count:N0} listens to fit on and {labels.Count:N0} to label with " +
                $"before {splitDate:yyyy-MM-dd}; both must be non-empty.");
        }

        return new LabelWindow(fit, labels, start, end);
    }
}
