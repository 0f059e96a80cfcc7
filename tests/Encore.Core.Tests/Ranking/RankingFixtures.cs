using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Ranking;

namespace Encore.Core.Tests.Ranking;

/// <summary>
/// A catalogue of four tracks and three users small enough to compute every feature by hand. History ends on day 20.
/// </summary>
/// <remarks>
/// Tracks (artists / albums / genres): 10 → a0 / b0 / g0; 11 → a0 / b1 / g0, g1; 12 → a1 / b2 / g1; 13 → a1, a2 / b2 / g2.
/// User 100: 10 on day 10, 11 on day 12, 12 on day 12. User 200: no listens. User 300: 10 on day 5 and again on day 15.
/// </remarks>
internal static class RankingFixtures
{
    public const int EndDay = 20;

    public static readonly IdMap Items = IdMap.FromIds([10, 11, 12, 13]);

    public static readonly IdMap Users = IdMap.FromIds([100, 200, 300]);

    public static ListeningHistory History() => ListeningHistory.Build(
        new EventLog([100, 100, 100, 300, 300], [10, 11, 12, 10, 10], [10, 12, 12, 5, 15]), Users, Items, EndDay);

    public static CatalogTags Tags() => new(
        ItemTags.FromPairs([10, 11, 12, 13, 13], [0, 0, 1, 1, 2], 3, Items),
        ItemTags.FromPairs([10, 11, 12, 13], [0, 1, 2, 2], 3, Items),
        ItemTags.FromPairs([10, 11, 11, 12, 13], [0, 0, 1, 1, 2], 3, Items));
}
