namespace Encore.Core.Models;

/// <summary>
/// A fitted model that proposes scored items for one user: the one shape of random, top-popular, ALS and the
/// similar-track models, checked for each by the recommender contract suite.
/// </summary>
/// <remarks>
/// The call allocates nothing the caller can see (spans in and out), so the ranker's and the evaluation's per-user
/// loops can use it, and it may be called from several threads at once.
/// </remarks>
public interface IRecommender
{
    /// <summary>
    /// Writes up to <c>items.Length</c> distinct items for <paramref name="user"/>, best first, none of them in
    /// <paramref name="exclude"/>, with non-increasing <paramref name="scores"/>.
    /// </summary>
    /// <param name="user">The user, in the id space the model was built over; an unknown user gets what the model
    /// can give without history (possibly nothing), never an error.</param>
    /// <param name="exclude">Items to leave out (usually what the user heard), ascending.</param>
    /// <param name="items">Receives the items; its length is k.</param>
    /// <param name="scores">Receives their scores; at least as long as <paramref name="items"/>.</param>
    /// <returns>How many were written: k, or fewer when the model runs out of items.</returns>
    int Recommend(int user, ReadOnlySpan<int> exclude, Span<int> items, Span<float> scores);
}
