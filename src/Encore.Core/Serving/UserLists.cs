namespace Encore.Core.Serving;

/// <summary>
/// Each user's precomputed recommendations (recommendations.parquet or personal_als.parquet) as CSR: a row per user,
/// offsets and one flat item array, best first. 661,812 users × 50 items are three arrays (~135 MB), not 661,812
/// objects, and a lookup is one table read.
/// </summary>
public sealed class UserLists
{
    private readonly int[] _users;
    private readonly int[] _offsets;
    private readonly int[] _items;
    private readonly IdLookup _rows;

    private UserLists(int[] users, int[] offsets, int[] items)
    {
        _users = users;
        _offsets = offsets;
        _items = items;
        _rows = IdLookup.Build(users);
    }

    /// <summary>No lists: every user is unknown.</summary>
    public static UserLists Empty { get; } = new([], [0], []);

    /// <summary>Users with a list.</summary>
    public int UserCount => _users.Length;

    /// <summary>The users with a list, in row order (the explorer picks a random one).</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary>(user, item) pairs over all lists.</summary>
    public int PairCount => _items.Length;

    /// <summary>Wraps CSR arrays without copying: user <c>users[u]</c> gets <c>items[offsets[u]..offsets[u + 1]]</c>.</summary>
    /// <exception cref="ArgumentException">Offsets do not run from 0 to the item count without decreasing, or a user repeats.</exception>
    public static UserLists FromCsr(int[] users, int[] offsets, int[] items)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(items);
        if (offsets.Length != users.Length + 1 || offsets[0] != 0 || offsets[^1] != items.Length)
        {
            throw new ArgumentException($"offsets must have users + 1 = {users.Length + 1} entries running from 0 to {items.Length}.", nameof(offsets));
        }

        for (var u = 0; u < users.Length; u++)
        {
            if (offsets[u + 1] < offsets[u])
            {
                throw new ArgumentException($"offsets must not decrease; user {users[u]} ends before it starts.", nameof(offsets));
            }
        }

        return new UserLists(users, offsets, items);
    }

    /// <summary>The list of <paramref name="user"/>, best first; empty when the user has none.</summary>
    public ReadOnlySpan<int> ItemsOf(long user)
    {
        var row = _rows.RowOf(user);
        return row < 0 ? [] : _items.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);
    }
}
