using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Ranking;

namespace Encore.Core.Tests.Ranking;

public sealed class ListeningHistoryTests
{
    [Fact]
    public void AListenOnOrAfterTheEndIsRefusedSoFeaturesCannotSeeTheFuture()
    {
        var events = new EventLog([100, 100], [10, 11], [5, RankingFixtures.EndDay]);

        var error = Assert.Throws<EncoreException>(() => ListeningHistory.Build(events, RankingFixtures.Users, RankingFixtures.Items, RankingFixtures.EndDay));

        Assert.Contains("not before the history's end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListensOutOfOrderAreGroupedByUserAndSortedByDayKeepingPlayOrderWithinADay()
    {
        var events = new EventLog([300, 100, 300, 100, 100], [12, 13, 10, 11, 10], [9, 4, 2, 4, 1]);

        var history = ListeningHistory.Build(events, RankingFixtures.Users, RankingFixtures.Items, RankingFixtures.EndDay);

        // Internal ids: users 100 → 0, 300 → 2; items 10..13 → 0..3.
        Assert.Equal([0, 3, 1], history.Items(0).ToArray());
        Assert.Equal([1, 4, 4], history.Days(0).ToArray());
        Assert.Empty(history.Items(1).ToArray());
        Assert.Equal([0, 2], history.Items(2).ToArray());
        Assert.Equal(5, history.ListenCount);
    }

    [Fact]
    public void ListensAreALogWithARowPerMappedUserAndDaysAlignedWithTheItems()
    {
        var events = new EventLog([300, 300, 300], [10, 10, 11], [1, 1, 2]);

        var history = ListeningHistory.Build(events, RankingFixtures.Users, RankingFixtures.Items, RankingFixtures.EndDay);

        Assert.Equal(ListKind.Log, history.Listens.Kind);
        Assert.Equal(RankingFixtures.Users.Count, history.Listens.UserCount);
        Assert.Equal([0, 0, 1], history.Listens.ItemsOf(2).ToArray());
        Assert.Equal(history.Items(2).ToArray(), history.Listens.Items(2).ToArray());
        Assert.Equal([1, 1, 2], history.Days(2).ToArray());
    }
}
