using System.Runtime.InteropServices;

namespace Encore.Core.Evaluation;

/// <summary>
/// How many train users played each item, and how many train users there are: the p(i) of self-information
/// novelty and the "item appears in train" test of the seed protocol.
/// </summary>
public sealed class ItemPopularity
{
    private readonly int[] _items;
    private readonly int[] _userCounts;

    private ItemPopularity(int[] items, int[] userCounts, int trainUsers)
    {
        _items = items;
        _userCounts = userCounts;
        TrainUsers = trainUsers;
    }

    /// <summary>Number of users with at least one train event: the denominator of p(i).</summary>
    public int TrainUsers { get; }

    /// <summary>Number of items played by at least one train user.</summary>
    public int PlayedItemCount => _items.Length;

    /// <summary>Counts the distinct train users of every item.</summary>
    public static ItemPopularity FromTrain(UserItems train)
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

        var items = new int[counts.Count];
        counts.Keys.CopyTo(items, 0);
        Array.Sort(items);
        var userCounts = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            userCounts[i] = counts[items[i]];
        }

        return new ItemPopularity(items, userCounts, train.UserCount);
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

        var sortedItems = items.ToArray();
        var sortedCounts = userCounts.ToArray();
        Array.Sort(sortedItems, sortedCounts);
        for (var i = 0; i < sortedItems.Length; i++)
        {
            if (i > 0 && sortedItems[i] == sortedItems[i - 1])
            {
                throw new ArgumentException($"Item {sortedItems[i]} is counted twice.", nameof(items));
            }

            if (sortedCounts[i] < 1 || sortedCounts[i] > trainUsers)
            {
                throw new ArgumentException(
                    $"Item {sortedItems[i]} has {sortedCounts[i]} users; counts must be in 1..{trainUsers} (trainUsers).",
                    nameof(userCounts));
            }
        }

        return new ItemPopularity(sortedItems, sortedCounts, trainUsers);
    }

    /// <summary>Number of train users who played <paramref name="item"/>; 0 when nobody did.</summary>
    public int UserCount(int item)
    {
        var index = Array.BinarySearch(_items, item);
        return index >= 0 ? _userCounts[index] : 0;
    }

    /// <summary>True when at least one train user played <paramref name="item"/>.</summary>
    public bool WasPlayed(int item) => Array.BinarySearch(_items, item) >= 0;
}
