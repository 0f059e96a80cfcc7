using Encore.Core.Data.Interactions;
using Encore.Core.Randomness;

namespace Encore.Core.Evaluation.Offline;

/// <summary>The lists of the two models that need no training: random items and the top-popular chart.</summary>
public static class BaselineLists
{
    /// <summary>
    /// <paramref name="k"/> distinct items drawn uniformly from <paramref name="catalog"/> for each user, as the
    /// seed did (docs/seed.md §4.1: heard items are not excluded). Each user's draw depends only on the seed and
    /// the user id, so lists do not change with the user set or the thread count.
    /// </summary>
    /// <param name="users">Users, strictly ascending.</param>
    /// <param name="catalog">Items to draw from, distinct.</param>
    /// <param name="k">Items per user; all of the catalog when it is smaller.</param>
    /// <param name="seed">The random seed.</param>
    public static UserLists Random(ReadOnlySpan<int> users, ReadOnlySpan<int> catalog, int k, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var length = Math.Min(k, catalog.Length);
        var items = new int[(long)users.Length * length];
        var offsets = new int[users.Length + 1];
        var picked = new int[length];
        for (var u = 0; u < users.Length; u++)
        {
            var rng = new SplitMix64(((ulong)(uint)seed << 32) | (uint)users[u]);
            // Rejection: k is tiny next to the catalog, so a repeat is rare and the check is over k items.
            for (var i = 0; i < length; i++)
            {
                int index;
                do
                {
                    index = (int)rng.NextBelow((ulong)catalog.Length);
                }
                while (picked.AsSpan(0, i).Contains(index));

                picked[i] = index;
                items[u * length + i] = catalog[index];
            }

            offsets[u + 1] = (u + 1) * length;
        }

        return UserLists.FromCsr(users.ToArray(), offsets, items, ListKind.Ranked);
    }

    /// <summary>
    /// The chart's first <paramref name="k"/> items for each user, after removing the items that user heard in
    /// train when <paramref name="heard"/> is given.
    /// </summary>
    /// <param name="users">Users, strictly ascending.</param>
    /// <param name="chart">Items, best first.</param>
    /// <param name="k">List length.</param>
    /// <param name="heard">Items to leave out per user, or null to give everyone the same list.</param>
    public static UserLists TopPopular(ReadOnlySpan<int> users, ReadOnlySpan<int> chart, int k, UserLists? heard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (heard is null)
        {
            return UserLists.SameForAll(users, chart[..Math.Min(k, chart.Length)]);
        }

        var items = new List<int>(users.Length * Math.Min(k, chart.Length));
        var offsets = new int[users.Length + 1];
        for (var u = 0; u < users.Length; u++)
        {
            var known = heard.ItemsOf(users[u]);
            var taken = 0;
            for (var i = 0; i < chart.Length && taken < k; i++)
            {
                if (known.BinarySearch(chart[i]) < 0)
                {
                    items.Add(chart[i]);
                    taken++;
                }
            }

            offsets[u + 1] = items.Count;
        }

        return UserLists.FromCsr(users.ToArray(), offsets, [.. items], ListKind.Ranked);
    }
}
