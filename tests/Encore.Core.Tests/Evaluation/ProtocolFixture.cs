using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Protocols;

namespace Encore.Core.Tests.Evaluation;

/// <summary>
/// A tiny split with every case the protocols treat differently.
/// Train: user 1 {1, 2, 3}, user 2 {2, 4}, user 3 {5}, user 4 {1}; items played in train: 1..5.
/// Test: user 1 {3, 4, 9} (3 is a re-listen, 9 never played in train), user 2 {1, 3} (has no list),
/// user 3 {5} (only a re-listen), cold users 5 {1, 8} and 6 {2} (6 has no list). Catalog: 20 items.
/// Lists (ranked from scores, one tie): user 1 → 3 4 6 7 2, user 3 → 5 1, user 4 → 2 1 9, user 5 → 1 2.
/// </summary>
internal static class ProtocolFixture
{
    public static EvaluationData Data { get; } = new(
        train: UserLists.FromPairs([1, 1, 1, 2, 2, 3, 4], [1, 2, 3, 2, 4, 5, 1]),
        test: UserLists.FromPairs([1, 1, 1, 2, 2, 3, 5, 5, 6], [3, 4, 9, 1, 3, 5, 1, 8, 2]),
        catalogSize: 20);

    // Input order is shuffled; items 6 and 7 of user 1 tie at 0.5 and keep their input order.
    public static UserLists Model { get; } = UserLists.FromScored(
        users: [4, 1, 3, 1, 5, 1, 4, 1, 3, 1, 4, 5],
        items: [1, 2, 5, 6, 1, 3, 9, 7, 1, 4, 2, 2],
        scores: [0.3, 0.1, 0.7, 0.5, 0.5, 0.9, 0.2, 0.5, 0.6, 0.8, 0.9, 0.4]);
}
