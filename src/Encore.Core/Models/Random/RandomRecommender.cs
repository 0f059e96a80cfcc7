using Encore.Core.Data.Interactions;
using Encore.Core.Randomness;

namespace Encore.Core.Models.Random;

/// <summary>
/// The random baseline (docs/seed.md §4.1): k distinct items drawn uniformly from the catalogue, each with a uniform
/// random score, best first. A user's list depends only on (seed, user), never on which other users are asked or
/// in what order, so batches equal single calls and reruns are identical.
/// </summary>
public sealed class RandomRecommender
{
    private int _items = -1;

    public RandomRecommender(int seed = 0) => Seed = seed;

    public int Seed { get; }

    public bool IsFitted => _items >= 0;

    /// <summary>Number of items drawn from (the catalogue size of the fitted matrix).</summary>
    public int ItemCount => IsFitted ? _items : throw new InvalidOperationException("The random model is not fitted; call Fit first.");

    /// <summary>Takes the catalogue size from <paramref name="userItems"/>' columns; nothing else is learnt.</summary>
    public void Fit(SparseMatrix userItems)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        _items = userItems.Columns;
    }

    /// <summary>
    /// Writes <c>items.Length</c> distinct random items not in <paramref name="excludeSorted"/> (ascending), best
    /// score first.
    /// </summary>
    /// <returns>How many were written: k, or fewer when fewer items remain.</returns>
    public int Recommend(int user, ReadOnlySpan<int> excludeSorted, Span<int> items, Span<float> scores)
    {
        var n = ItemCount;
        var available = n - excludeSorted.Length;
        var k = Math.Min(items.Length, Math.Max(0, available));
        var random = new SplitMix64(((ulong)(uint)Seed << 32) ^ (uint)user ^ 0xA0761D6478BD642FUL);
        var written = 0;
        while (written < k)
        {
            var candidate = (int)random.NextBelow((ulong)n);
            if (excludeSorted.BinarySearch(candidate) >= 0 || items[..written].Contains(candidate))
            {
                // Rejection stays cheap while k is far below the catalogue; a tiny catalogue just retries more.
                continue;
            }

            items[written] = candidate;
            scores[written++] = random.NextSingle();
        }

        SortByScore(items[..written], scores[..written]);
        return written;
    }

    // Insertion sort: k is small. Score desc, then id asc, as TopK orders.
    private static void SortByScore(Span<int> items, Span<float> scores)
    {
        for (var i = 1; i < items.Length; i++)
        {
            var item = items[i];
            var score = scores[i];
            var j = i - 1;
            while (j >= 0 && (scores[j] < score || (scores[j] == score && items[j] > item)))
            {
                items[j + 1] = items[j];
                scores[j + 1] = scores[j];
                j--;
            }

            items[j + 1] = item;
            scores[j + 1] = score;
        }
    }
}
