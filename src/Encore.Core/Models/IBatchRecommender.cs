using Encore.Core.Linalg;

namespace Encore.Core.Models;

/// <summary>
/// A recommender that is faster over many users at once (ALS scores users in tiles against the item factors): the
/// ranker asks it a chunk of users together instead of one at a time.
/// </summary>
public interface IBatchRecommender : IRecommender
{
    /// <summary>
    /// Top-<paramref name="k"/> lists of <paramref name="users"/> (row i is users[i]), each without the items the
    /// model was fitted on for that user.
    /// </summary>
    TopKBatch RecommendUnheard(ReadOnlySpan<int> users, int k);
}
