using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;

namespace Encore.Core.Tests.Evaluation.Replay;

/// <summary>The small ALS model the fold-in tests (replay's strategy and the service's recommender) fold listeners into.</summary>
internal static class ReplayAlsFixture
{
    /// <summary>8 factors, 5 iterations, binary values over <paramref name="train"/>'s pairs; items are 0..tracks-1.</summary>
    public static (AlsRecommender Model, IdMap Users, IdMap Items) Fit(UserLists train, int tracks, int seed = 3)
    {
        var users = IdMap.FromIds(train.Users);
        var items = IdMap.FromIds(Enumerable.Range(0, tracks).ToArray());
        var rows = new List<int>();
        var columns = new List<int>();
        for (var u = 0; u < train.UserCount; u++)
        {
            foreach (var item in train.Items(u))
            {
                rows.Add(users.ToInternal(train.Users[u]));
                columns.Add(items.ToInternal(item));
            }
        }

        var matrix = SparseMatrix.FromTriplets(users.Count, items.Count, rows.ToArray(), columns.ToArray(), Enumerable.Repeat(1f, rows.Count).ToArray());
        var model = new AlsRecommender(new AlsOptions { Factors = 8, Iterations = 5, Regularization = 0.05f, Seed = seed, Threads = 2 });
        model.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        return (model, users, items);
    }
}
