using Encore.Core.Runtime;

namespace Encore.Core.Data.Interactions;

/// <summary>Building lists from (user, item[, score]) rows: grouping by user, ranking by score, keeping sets.</summary>
public sealed partial class UserLists
{
    // Users per range claimed by a worker of the per-user key sort.
    private const int UserRunRange = 4096;

    /// <summary>
    /// Item sets from (user, item) rows in any order; repeated pairs are kept once. Rows already sorted by
    /// (user, item), as an <c>ORDER BY</c> query returns them, skip the sort.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static UserLists FromPairs(ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        RequireSameLength(users, items);
        if (PairKeys.IsSorted(users, items))
        {
            return SetsFromSortedPairs(users, items);
        }

        var keys = new long[users.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = PairKeys.Pack(users[i], items[i]);
        }

        SortKeys(keys, users);
        var sortedUsers = new int[keys.Length];
        var sortedItems = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            sortedUsers[i] = PairKeys.High(keys[i]);
            sortedItems[i] = PairKeys.Low(keys[i]);
        }

        return SetsFromSortedPairs(sortedUsers, sortedItems);
    }

    /// <summary>
    /// Sorts the packed (user, item) keys. Rows already grouped by ascending user (a listening log in file order) only
    /// need each user's run sorted, runs in parallel: the same order as one sort of the whole array, for a fraction
    /// of its time (69M listens at full scale).
    /// </summary>
    private static void SortKeys(long[] keys, ReadOnlySpan<int> users)
    {
        var runs = 1;
        for (var i = 1; i < users.Length; i++)
        {
            if (users[i] < users[i - 1])
            {
                Array.Sort(keys);
                return;
            }

            runs += users[i] != users[i - 1] ? 1 : 0;
        }

        var starts = new int[runs + 1];
        var run = 0;
        for (var i = 1; i < users.Length; i++)
        {
            if (users[i] != users[i - 1])
            {
                starts[++run] = i;
            }
        }

        starts[runs] = users.Length;
        ParallelRanges.For<long>(runs, UserRunRange, Environment.ProcessorCount, 0, (start, end, _) =>
        {
            for (var r = start; r < end; r++)
            {
                keys.AsSpan(starts[r], starts[r + 1] - starts[r]).Sort();
            }
        });
    }

    /// <summary>
    /// Ranks (user, item, score) rows the way the seed does (docs/seed.md §5.1 step 3): per user by score
    /// descending. Equal scores keep their input order, as pandas' stable multi-column sort does. The scores only
    /// rank: they are not kept.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="EncoreException">A score is NaN, or a user gets the same item twice.</exception>
    public static UserLists FromScored(ReadOnlySpan<int> users, ReadOnlySpan<int> items, ReadOnlySpan<double> scores)
    {
        RequireSameLength(users, items);
        if (users.Length != scores.Length)
        {
            throw new ArgumentException($"users has {users.Length} rows but scores has {scores.Length}.", nameof(scores));
        }

        for (var i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new EncoreException(
                    $"Recommendation of item {items[i]} to user {users[i]} has score NaN; scores must be numbers to rank by.");
            }
        }

        var order = GroupRowsByUser(users);
        var groupedUsers = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            groupedUsers[i] = users[order[i]];
        }

        var (userIds, offsets) = GroupOffsets(groupedUsers);
        var scoreArray = scores.ToArray();
        Parallel.For(0, userIds.Length, u =>
        {
            var rows = order.AsSpan(offsets[u], offsets[u + 1] - offsets[u]);
            if (!IsRanked(rows, scoreArray))
            {
                // Row index breaks ties, so the unstable sort yields the stable order.
                rows.Sort(new ScoreDescending(scoreArray));
            }
        });

        var ranked = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            ranked[i] = items[order[i]];
        }

        RequireDistinct(userIds, offsets, ranked);
        return new UserLists(userIds, offsets, ranked, null, ListKind.Ranked);
    }

    /// <summary>
    /// Ranked lists from rows that are already ranked: each user's rows appear best first. Users may be
    /// interleaved; their rows are grouped keeping each user's order.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="EncoreException">A user gets the same item twice.</exception>
    public static UserLists FromRanked(ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        RequireSameLength(users, items);
        var order = GroupRowsByUser(users);
        var groupedUsers = new int[order.Length];
        var ranked = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            groupedUsers[i] = users[order[i]];
            ranked[i] = items[order[i]];
        }

        var (userIds, offsets) = GroupOffsets(groupedUsers);
        RequireDistinct(userIds, offsets, ranked);
        return new UserLists(userIds, offsets, ranked, null, ListKind.Ranked);
    }

    /// <summary>Gives every user in <paramref name="users"/> the same ranked list (e.g. top popular for cold users).</summary>
    /// <exception cref="ArgumentException">Users not strictly ascending.</exception>
    /// <exception cref="EncoreException">The list holds an item twice.</exception>
    public static UserLists SameForAll(ReadOnlySpan<int> users, ReadOnlySpan<int> rankedItems)
    {
        var items = new int[(long)users.Length * rankedItems.Length];
        var offsets = new int[users.Length + 1];
        for (var u = 0; u < users.Length; u++)
        {
            rankedItems.CopyTo(items.AsSpan(u * rankedItems.Length));
            offsets[u + 1] = (u + 1) * rankedItems.Length;
        }

        return FromCsr(users.ToArray(), offsets, items, ListKind.Ranked);
    }

    private static void RequireSameLength(ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        if (users.Length != items.Length)
        {
            throw new ArgumentException($"users has {users.Length} rows but items has {items.Length}.", nameof(items));
        }
    }

    /// <summary>True when the rows' scores never increase: model output usually comes ranked already.</summary>
    private static bool IsRanked(ReadOnlySpan<int> rows, double[] scores)
    {
        for (var i = 1; i < rows.Length; i++)
        {
            if (scores[rows[i]] > scores[rows[i - 1]])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Row indexes ordered by user, each user's rows in input order.</summary>
    private static int[] GroupRowsByUser(ReadOnlySpan<int> users)
    {
        var order = new int[users.Length];
        var grouped = true;
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            grouped &= i == 0 || users[i] >= users[i - 1];
        }

        if (grouped)
        {
            return order;
        }

        // (user, row) keys: sorting them groups by user and keeps each user's rows in input order.
        var keys = new long[users.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = PairKeys.Pack(users[i], i);
        }

        Array.Sort(keys);
        for (var i = 0; i < keys.Length; i++)
        {
            order[i] = PairKeys.Low(keys[i]);
        }

        return order;
    }

    private static (int[] Users, int[] Offsets) GroupOffsets(int[] groupedUsers)
    {
        var users = new List<int>();
        var offsets = new List<int> { 0 };
        for (var i = 0; i < groupedUsers.Length; i++)
        {
            if (i > 0 && groupedUsers[i] != groupedUsers[i - 1])
            {
                offsets.Add(i);
            }

            if (i == 0 || groupedUsers[i] != groupedUsers[i - 1])
            {
                users.Add(groupedUsers[i]);
            }
        }

        if (groupedUsers.Length > 0)
        {
            offsets.Add(groupedUsers.Length);
        }

        return ([.. users], [.. offsets]);
    }

    private static UserLists SetsFromSortedPairs(ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        var builder = new UserSetsBuilder();
        for (var i = 0; i < users.Length; i++)
        {
            if (i > 0 && users[i] != users[i - 1])
            {
                builder.EndUser(users[i - 1]);
            }

            if (i == 0 || users[i] != users[i - 1] || items[i] != items[i - 1])
            {
                builder.Add(items[i]);
            }
        }

        if (users.Length > 0)
        {
            builder.EndUser(users[^1]);
        }

        return builder.Build();
    }

    /// <summary>Orders row indexes by score descending, then by row ascending (the input order).</summary>
    private readonly struct ScoreDescending(double[] scores) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byScore = scores[y].CompareTo(scores[x]);
            return byScore != 0 ? byScore : x.CompareTo(y);
        }
    }
}
