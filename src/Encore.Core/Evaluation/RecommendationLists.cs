namespace Encore.Core.Evaluation;

/// <summary>
/// One model's ranked recommendations: per user, item ids best first. Stored CSR-like (users ascending,
/// <c>offsets</c>, items) so 1.3M users × 50 items is three flat arrays. Scores are used only to rank and are
/// not kept.
/// </summary>
public sealed class RecommendationLists
{
    private readonly int[] _users;
    private readonly int[] _offsets;
    private readonly int[] _items;

    private RecommendationLists(int[] users, int[] offsets, int[] items)
    {
        _users = users;
        _offsets = offsets;
        _items = items;
    }

    /// <summary>No lists at all.</summary>
    public static RecommendationLists Empty { get; } = new([], [0], []);

    /// <summary>Number of users with a list.</summary>
    public int UserCount => _users.Length;

    /// <summary>Number of (user, item) recommendations over all lists.</summary>
    public long RowCount => _items.Length;

    /// <summary>User ids, ascending.</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary>Every recommended item of every list, list after list.</summary>
    public ReadOnlySpan<int> AllItems => _items;

    /// <summary>
    /// Ranks (user, item, score) rows the way the seed does (docs/seed.md §5.1 step 3): per user by score
    /// descending. Equal scores keep their input order, as pandas' stable multi-column sort does.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="EncoreException">A score is NaN, or a user gets the same item twice.</exception>
    public static RecommendationLists FromScored(ReadOnlySpan<int> users, ReadOnlySpan<int> items, ReadOnlySpan<double> scores)
    {
        if (users.Length != items.Length || users.Length != scores.Length)
        {
            throw new ArgumentException(
                $"users, items and scores must have the same length, not {users.Length}, {items.Length} and {scores.Length}.",
                nameof(scores));
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

        var (userIds, offsets) = Offsets(groupedUsers);
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

        return Checked(userIds, offsets, ranked);
    }

    /// <summary>
    /// Takes rows that are already ranked: each user's rows appear best first. Users may be interleaved; their
    /// rows are grouped keeping each user's order.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="EncoreException">A user gets the same item twice.</exception>
    public static RecommendationLists FromRanked(ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        if (users.Length != items.Length)
        {
            throw new ArgumentException($"users has {users.Length} rows but items has {items.Length}.", nameof(items));
        }

        var order = GroupRowsByUser(users);
        var groupedUsers = new int[order.Length];
        var ranked = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            groupedUsers[i] = users[order[i]];
            ranked[i] = items[order[i]];
        }

        var (userIds, offsets) = Offsets(groupedUsers);
        return Checked(userIds, offsets, ranked);
    }

    /// <summary>
    /// Wraps CSR arrays without copying: user <c>users[u]</c> gets <c>items[offsets[u]..offsets[u + 1]]</c>,
    /// best first. Empty lists are allowed.
    /// </summary>
    /// <exception cref="ArgumentException">Users not strictly ascending or offsets not a valid row index.</exception>
    /// <exception cref="EncoreException">A user gets the same item twice.</exception>
    public static RecommendationLists FromCsr(int[] users, int[] offsets, int[] items)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(items);
        Csr.Validate(users, offsets, items.Length, nameof(RecommendationLists));
        return Checked(users, offsets, items);
    }

    /// <summary>Gives every user in <paramref name="users"/> the same ranked list (e.g. top popular for cold users).</summary>
    /// <exception cref="ArgumentException">Users not strictly ascending.</exception>
    /// <exception cref="EncoreException">The list holds an item twice.</exception>
    public static RecommendationLists SameForAll(ReadOnlySpan<int> users, ReadOnlySpan<int> rankedItems)
    {
        var items = new int[(long)users.Length * rankedItems.Length];
        var offsets = new int[users.Length + 1];
        for (var u = 0; u < users.Length; u++)
        {
            rankedItems.CopyTo(items.AsSpan(u * rankedItems.Length));
            offsets[u + 1] = (u + 1) * rankedItems.Length;
        }

        return FromCsr(users.ToArray(), offsets, items);
    }

    /// <summary>Position of <paramref name="user"/> in <see cref="Users"/>, or -1 when the user has no list.</summary>
    public int IndexOf(int user)
    {
        var index = Array.BinarySearch(_users, user);
        return index >= 0 ? index : -1;
    }

    /// <summary>The ranked list of the user at position <paramref name="index"/>, best first.</summary>
    public ReadOnlySpan<int> Items(int index)
    {
        if ((uint)index >= (uint)_users.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {_users.Length} lists.");
        }

        return _items.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
    }

    /// <summary>The ranked list of <paramref name="user"/>; empty when the user has none.</summary>
    public ReadOnlySpan<int> ItemsOf(int user)
    {
        var index = IndexOf(user);
        return index < 0 ? [] : Items(index);
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

    private static (int[] Users, int[] Offsets) Offsets(int[] groupedUsers)
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

    /// <summary>Rejects a list that holds an item twice: it would count one relevant item as two hits.</summary>
    private static RecommendationLists Checked(int[] users, int[] offsets, int[] items)
    {
        var firstBad = int.MaxValue;
        Parallel.For(0, users.Length, () => new int[16], (u, _, scratch) =>
        {
            var length = offsets[u + 1] - offsets[u];
            if (scratch.Length < length)
            {
                scratch = new int[Math.Max(length, scratch.Length * 2)];
            }

            var sorted = scratch.AsSpan(0, length);
            items.AsSpan(offsets[u], length).CopyTo(sorted);
            sorted.Sort();
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i] == sorted[i - 1])
                {
                    InterlockedMin(ref firstBad, u);
                    break;
                }
            }

            return scratch;
        }, _ => { });

        if (firstBad != int.MaxValue)
        {
            var list = items.AsSpan(offsets[firstBad], offsets[firstBad + 1] - offsets[firstBad]).ToArray();
            Array.Sort(list);
            var duplicate = list[1];
            for (var i = 1; i < list.Length; i++)
            {
                if (list[i] == list[i - 1])
                {
                    duplicate = list[i];
                    break;
                }
            }

            throw new EncoreException(
                $"User {users[firstBad]} is recommended item {duplicate} more than once; each list must hold distinct items.");
        }

        return new RecommendationLists(users, offsets, items);
    }

    private static void InterlockedMin(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
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
