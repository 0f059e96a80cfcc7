namespace Encore.Core.Evaluation;

/// <summary>
/// A set of items per user (the items a user played in train, or in test), stored CSR-like: users ascending,
/// each user's items ascending and distinct. Ids are the files' own <c>user_id</c> and <c>item_id</c> values.
/// </summary>
/// <remarks>
/// Sets, not event lists: a user who played an item twice holds it once. The seed has no duplicate
/// (user, item) pairs (docs/seed.md §2 step 11), so this changes none of its numbers.
/// </remarks>
public sealed class UserItems
{
    private readonly int[] _users;
    private readonly int[] _offsets;
    private readonly int[] _items;

    private UserItems(int[] users, int[] offsets, int[] items)
    {
        _users = users;
        _offsets = offsets;
        _items = items;
    }

    /// <summary>No users at all.</summary>
    public static UserItems Empty { get; } = new([], [0], []);

    /// <summary>Number of users that hold at least one item.</summary>
    public int UserCount => _users.Length;

    /// <summary>Number of distinct (user, item) pairs.</summary>
    public long PairCount => _items.Length;

    /// <summary>User ids, ascending.</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary>
    /// Builds the sets from (user, item) rows in any order; repeated pairs are kept once. Rows already sorted by
    /// (user, item), as an <c>ORDER BY</c> query returns them, skip the sort.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static UserItems FromPairs(ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        if (users.Length != items.Length)
        {
            throw new ArgumentException(
                $"users has {users.Length} rows but items has {items.Length}.", nameof(items));
        }

        if (PairKeys.IsSorted(users, items))
        {
            return FromSortedPairs(users, items);
        }

        var keys = new long[users.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = PairKeys.Pack(users[i], items[i]);
        }

        Array.Sort(keys);
        var sortedUsers = new int[keys.Length];
        var sortedItems = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            sortedUsers[i] = PairKeys.High(keys[i]);
            sortedItems[i] = PairKeys.Low(keys[i]);
        }

        return FromSortedPairs(sortedUsers, sortedItems);
    }

    /// <summary>
    /// Wraps CSR arrays without copying: user <c>users[u]</c> holds <c>items[offsets[u]..offsets[u + 1]]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The arrays are not a valid CSR: users not strictly ascending, a user with no items, offsets not
    /// non-decreasing from 0 to <c>items.Length</c>, or a user's items not strictly ascending.
    /// </exception>
    public static UserItems FromCsr(int[] users, int[] offsets, int[] items)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(items);
        Csr.Validate(users, offsets, items.Length, nameof(UserItems));
        for (var u = 0; u < users.Length; u++)
        {
            if (offsets[u + 1] == offsets[u])
            {
                throw new ArgumentException($"User {users[u]} has no items; leave such users out.", nameof(offsets));
            }

            for (var i = offsets[u] + 1; i < offsets[u + 1]; i++)
            {
                if (items[i] <= items[i - 1])
                {
                    throw new ArgumentException(
                        $"Items of user {users[u]} must be strictly ascending; item {items[i]} follows {items[i - 1]}.",
                        nameof(items));
                }
            }
        }

        return new UserItems(users, offsets, items);
    }

    /// <summary>Position of <paramref name="user"/> in <see cref="Users"/>, or -1 when it holds no items.</summary>
    public int IndexOf(int user)
    {
        var index = Array.BinarySearch(_users, user);
        return index >= 0 ? index : -1;
    }

    /// <summary>The items of the user at position <paramref name="index"/>, ascending.</summary>
    public ReadOnlySpan<int> Items(int index)
    {
        if ((uint)index >= (uint)_users.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {_users.Length} users.");
        }

        return _items.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
    }

    /// <summary>The items of <paramref name="user"/>, ascending; empty when the user holds none.</summary>
    public ReadOnlySpan<int> ItemsOf(int user)
    {
        var index = IndexOf(user);
        return index < 0 ? [] : Items(index);
    }

    /// <summary>True when <paramref name="user"/> holds <paramref name="item"/>.</summary>
    public bool Contains(int user, int item) => ItemsOf(user).BinarySearch(item) >= 0;

    private static UserItems FromSortedPairs(ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        var userList = new List<int>();
        var offsets = new List<int> { 0 };
        var kept = new int[items.Length];
        var count = 0;
        for (var i = 0; i < users.Length; i++)
        {
            var newUser = i == 0 || users[i] != users[i - 1];
            if (newUser)
            {
                if (i > 0)
                {
                    offsets.Add(count);
                }

                userList.Add(users[i]);
            }
            else if (items[i] == items[i - 1])
            {
                continue;
            }

            kept[count++] = items[i];
        }

        if (users.Length > 0)
        {
            offsets.Add(count);
        }

        Array.Resize(ref kept, count);
        return new UserItems([.. userList], [.. offsets], kept);
    }

    /// <summary>Wraps arrays that are already a valid CSR (built by this assembly); no checks.</summary>
    internal static UserItems FromTrustedCsr(int[] users, int[] offsets, int[] items) => new(users, offsets, items);
}
