using Encore.Core.Data.Interactions;

namespace Encore.Core.Evaluation.Quality;

/// <summary>
/// The top-popular baseline on internal ids: items by train plays (summed values) descending, then distinct
/// users descending, then id — the order of top_popular.parquet — with each user's heard items skipped.
/// </summary>
internal static class TopPopularRanking
{
    /// <summary>Every item with train plays, most popular first.</summary>
    public static int[] Rank(SparseMatrix train)
    {
        var plays = new double[train.Columns];
        var users = new int[train.Columns];
        var indices = train.Indices;
        var values = train.Values;
        for (var k = 0; k < indices.Length; k++)
        {
            plays[indices[k]] += values[k];
            users[indices[k]]++;
        }

        var played = new List<int>();
        for (var i = 0; i < users.Length; i++)
        {
            if (users[i] > 0)
            {
                played.Add(i);
            }
        }

        var ranked = played.ToArray();
        Array.Sort(ranked, (a, b) =>
        {
            var byPlays = plays[b].CompareTo(plays[a]);
            if (byPlays != 0)
            {
                return byPlays;
            }

            var byUsers = users[b].CompareTo(users[a]);
            return byUsers != 0 ? byUsers : a.CompareTo(b);
        });
        return ranked;
    }

    /// <summary>Fills <paramref name="destination"/> with the first items of <paramref name="ranked"/> that <paramref name="heard"/> (ascending) lacks; returns how many.</summary>
    public static int Recommend(ReadOnlySpan<int> ranked, ReadOnlySpan<int> heard, Span<int> destination)
    {
        var count = 0;
        foreach (var item in ranked)
        {
            if (count == destination.Length)
            {
                break;
            }

            if (heard.BinarySearch(item) < 0)
            {
                destination[count++] = item;
            }
        }

        return count;
    }
}
