using Encore.Core.Randomness;

namespace Encore.Core.Models.Random;

/// <summary>
/// The random baseline (docs/seed.md §4.1): k distinct items drawn uniformly from the catalogue, in draw order. A
/// user's list depends only on (seed, user), never on which other users are asked or in what order, so batches
/// equal single calls and reruns are identical.
/// </summary>
public sealed class RandomRecommender : IRecommender
{
    private readonly int[] _catalog;

    /// <param name="catalog">The items drawn from, distinct, ascending.</param>
    /// <param name="seed">The random seed.</param>
    public RandomRecommender(int[] catalog, int seed)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        for (var i = 1; i < catalog.Length; i++)
        {
            if (catalog[i] <= catalog[i - 1])
            {
                throw new ArgumentException("The catalogue must be strictly ascending.", nameof(catalog));
            }
        }

        _catalog = catalog;
        Seed = seed;
    }

    public int Seed { get; }

    /// <summary>Number of items drawn from.</summary>
    public int ItemCount => _catalog.Length;

    /// <summary>
    /// Writes <c>items.Length</c> distinct random catalogue items not in <paramref name="exclude"/>, in draw order;
    /// the draw order is the ranking, so the r-th item scores 1 / (r + 1).
    /// </summary>
    /// <returns>How many were written: k, or fewer when fewer items remain.</returns>
    public int Recommend(int user, ReadOnlySpan<int> exclude, Span<int> items, Span<float> scores)
    {
        var catalog = _catalog;
        var excluded = 0;
        foreach (var item in exclude)
        {
            excluded += catalog.AsSpan().BinarySearch(item) >= 0 ? 1 : 0;
        }

        var k = Math.Min(items.Length, catalog.Length - excluded);
        var random = new SplitMix64(((ulong)(uint)Seed << 32) | (uint)user);
        for (var written = 0; written < k; written++)
        {
            int item;
            do
            {
                // Rejection: k is tiny next to the catalogue, so a repeat is rare and the check is over k items.
                item = catalog[(int)random.NextBelow((ulong)catalog.Length)];
            }
            while (items[..written].Contains(item) || exclude.BinarySearch(item) >= 0);

            items[written] = item;
            scores[written] = 1f / (written + 1);
        }

        return Math.Max(k, 0);
    }
}
