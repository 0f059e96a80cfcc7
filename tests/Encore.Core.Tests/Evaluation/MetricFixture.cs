using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation;

namespace Encore.Core.Tests.Evaluation;

/// <summary>
/// Five users with hand-checked rows (1-based ranks):
/// user 1: list 10 11 12 13 14, test {11, 14, 20} → hits at ranks 2 and 5; heard {10, 12};
/// user 2: list 20 21 (shorter than k), test {20} → hit at rank 1;
/// user 3: no list, test {30};
/// user 4: list 40 41 42, no test items;
/// user 5: list 50 51 52, test {52} → hit at rank 3; heard {50}.
/// Train popularity: item 10 played by 4 of 8 train users, 11 by 1, 20 by 2, others by nobody.
/// </summary>
internal static class MetricFixture
{
    public static readonly int[] Users = [1, 2, 3, 4, 5];

    public static UserLists Lists { get; } = UserLists.FromRanked(
        users: [1, 1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5],
        items: [10, 11, 12, 13, 14, 20, 21, 40, 41, 42, 50, 51, 52]);

    public static UserLists Test { get; } = UserLists.FromPairs([1, 1, 1, 2, 3, 5], [11, 14, 20, 20, 30, 52]);

    public static UserLists Train { get; } = UserLists.FromPairs([1, 1, 5], [10, 12, 50]);

    public static ItemPopularity Popularity { get; } = ItemPopularity.FromCounts([10, 11, 20], [4, 1, 2], trainUsers: 8);

    public static EvaluationContext Context(int depth = 5) =>
        EvaluationContext.Build(Users, Lists, depth, Test, Train, Popularity, catalogSize: 100);

    /// <summary>Asserts per-user values to 12 decimals, in the context's user order.</summary>
    public static void AssertValues(double[] expected, UserValues actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual.Values[i], 12);
        }
    }

    /// <summary>1 / log2(rank + 1), the DCG discount of a 1-based rank.</summary>
    public static double Discount(int rank) => 1 / Math.Log2(rank + 1);
}
