using Encore.Core.Data.Interactions;

namespace Encore.Core.Models;

/// <summary>Many users' lists from one <see cref="IRecommender"/>, as the evaluation scores them.</summary>
public static class RecommenderLists
{
    /// <summary>
    /// The top-<paramref name="k"/> list of each of <paramref name="users"/> (strictly ascending), leaving out
    /// what <paramref name="heard"/> holds for the user; null leaves nothing out. Every user gets a row, empty when the
    /// model has nothing for them.
    /// </summary>
    public static UserLists For(IRecommender model, ReadOnlySpan<int> users, int k, UserLists? heard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var items = new int[checked(users.Length * k)];
        var scores = new float[k];
        var offsets = new int[users.Length + 1];
        var written = 0;
        for (var u = 0; u < users.Length; u++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var user = users[u];
            written += model.Recommend(user, heard is null ? [] : heard.ItemsOf(user), items.AsSpan(written, k), scores);
            offsets[u + 1] = written;
        }

        return UserLists.FromCsr(users.ToArray(), offsets, items[..written], ListKind.Ranked);
    }
}
