using System.Buffers;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Models.Similar;

/// <summary>
/// <see cref="SimilarToHistory"/> as an <see cref="IRecommender"/>: each user's history is their row of
/// <see cref="RecentListens"/>. Any similar-items index fits (ALS similarity, genre similarity, ...).
/// </summary>
public sealed class SimilarToRecentListens : IRecommender
{
    private readonly SimilarToHistory _model;
    private readonly UserLists _recent;

    /// <param name="model">The neighbours and how their scores merge.</param>
    /// <param name="recent">Each user's recent distinct items, most recent first.</param>
    public SimilarToRecentListens(SimilarToHistory model, UserLists recent)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recent);
        _model = model;
        _recent = recent;
    }

    /// <inheritdoc/>
    /// <remarks>A user without recent listens gets nothing.</remarks>
    public int Recommend(int user, ReadOnlySpan<int> exclude, Span<int> items, Span<float> scores)
    {
        var recent = _recent.ItemsOf(user);
        if (recent.IsEmpty || items.IsEmpty)
        {
            return 0;
        }

        var merged = ArrayPool<double>.Shared.Rent(items.Length);
        try
        {
            var found = _model.Recommend(recent, exclude, items, merged.AsSpan(0, items.Length));
            for (var r = 0; r < found; r++)
            {
                scores[r] = (float)merged[r];
            }

            return found;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(merged);
        }
    }
}
