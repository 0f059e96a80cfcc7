using System.Runtime.InteropServices;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Evaluation;

/// <summary>
/// How many train users played each item, and how many train users there are: the p(i) of self-information
/// novelty, the mean popularity and the "item appears in train" test of the seed protocol.
/// </summary>
public sealed class ItemPopularity
{
    // A hash lookup, not a binary search over ~1M sorted ids: self-information looks up every shown item of
    // every user (13M lookups for 1.3M users at k = 10), and the search's cache misses dominated it.
    private readonly Dictionary<int, int> _userCounts;

    private ItemPopularity(Dictionary<int, int> userCounts, int trainUsers)
    {
        _userCounts = userCounts;
        TrainUsers = trainUsers;
    }

    /// <summary>Number of users with at least one train event: the denominator of p(i).</summary>
    public int TrainUsers { get; }

    /// <summary>Number of items played by at least one train user.</summary>
    public int PlayedItemCount => _userCounts.Count;

    /// <summary>Counts the distinct train users of every item.</summary>
    public static ItemPopularity FromTrain(UserLists train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var counts = new Dictionary<int, int>();
        for (var u = 0; u < train.UserCount; u++)
        {
            foreach (var item in train.Items(u))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, item, out _)++;
            }
        }

        return new ItemPopularity(counts, train.UserCount);
    }

    /// <summary>Takes counts computed elsewhere (e.g. a <c>GROUP BY item_id</c> over train).</summary>
    /// <exception cref="ArgumentException">
    /// Lengths differ, an item repeats, a count is not in 1..<paramref name="trainUsers"/>.
    /// </exception>
    public static ItemPopularity FromCounts(ReadOnlySpan<int> items, ReadOnlySpan<int> userCounts, int trainUsers)
    {
        if (items.Length != userCounts.Length)
        {
            throw new ArgumentException(
                $"items has {items.Length} rows but userCounts has {userCounts.Length}.", nameof(userCounts));
        }

        var counts = new Dictionary<int, int>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            if (userCounts[i] < 1 || userCounts[i] > trainUsers)
            {
                throw new ArgumentException(
                    $"Item {items[i]} has {userCounts[i]} users; counts must be in 1..{trainUsers} (trainUsers).",
                    nameof(userCounts));
            }

            if (!counts.TryAdd(items[i], userCounts[i]))
            {
                throw new ArgumentException($"Item {items[i]} is counted twice.", nameof(items));
            }
        }

        return new ItemPopularity(counts, trainUsers);
    }

    /// <summary>Number of train users who played <paramref name="item"/>; 0 when nobody did.</summary>
    public int UserCount(int item) => _userCounts.GetValueOrDefault(item);

    /// <summary>True when at least one train user played <paramref name="item"/>.</summary>
    public bool WasPlayed(int item) => _userCounts.ContainsKey(item);
}
