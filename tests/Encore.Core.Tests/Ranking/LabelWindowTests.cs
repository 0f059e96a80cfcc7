using Encore.Core.Data;
using Encore.Core.Ranking;

namespace Encore.Core.Tests.Ranking;

/// <summary>The ranker's target must come from before the split: a label from the test period would leak it.</summary>
public sealed class LabelWindowTests
{
    private static readonly DateOnly Split = new(2022, 12, 16);
    private static int Day(int month, int day) => EventLog.DayOf(new DateOnly(2022, month, day));

    // User 1: track 1 in November (fit), track 2 on Dec 10 (label window), track 3 on Dec 16 and track 4 on Dec 20 (test).
    private static readonly EventLog Events = new(
        [1, 1, 1, 1, 2], [1, 2, 3, 4, 5], [Day(11, 1), Day(12, 10), Day(12, 16), Day(12, 20), Day(12, 1)]);

    [Fact]
    public void TheLabelWindowHoldsOnlyTheLastDaysBeforeTheSplit()
    {
        var window = LabelWindow.Split(Events, Split, days: 14);

        Assert.Equal(Day(12, 2), window.Start);
        Assert.Equal(Day(12, 16), window.End);
        Assert.Equal([2], window.Labels.Items);
        Assert.All(window.Labels.Days, day => Assert.True(day < EventLog.DayOf(Split), "a label-window listen is in the test period"));
        Assert.Equal([1, 5], window.Fit.Items);
        Assert.All(window.Fit.Days, day => Assert.True(day < window.Start));
    }

    [Fact]
    public void TestPeriodListensAreNeitherLabelsNorHistory()
    {
        var window = LabelWindow.Split(Events, Split, days: 30);

        Assert.DoesNotContain(3, window.Labels.Items);
        Assert.DoesNotContain(4, window.Labels.Items);
        Assert.DoesNotContain(3, window.Fit.Items);
        Assert.Equal([2, 5], window.Labels.Items);
    }

    [Fact]
    public void AWindowThatLeavesNothingToFitOnNamesTheParameter()
    {
        var error = Assert.Throws<EncoreException>(() => LabelWindow.Split(Events, Split, days: 60));

        Assert.Contains("'label_window_days' = 60", error.Message, StringComparison.Ordinal);
    }
}
