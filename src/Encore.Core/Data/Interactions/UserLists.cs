namespace Encore.Core.Data.Interactions;

/// <summary>
/// A list of items per user, as CSR: users ascending, row offsets, one flat item array and, optionally, a score per
/// item. Recommendations, train and test sets, recent items and listening logs are all this type; <see cref="Kind"/>
/// says which rule the items follow. 1.3M users × 50 items are three arrays, not 1.3M objects, and a lookup is one
/// table read (<see cref="IdLookup"/>).
/// </summary>
/// <remarks>
/// Every public factory validates the arrays once, in <see cref="Validate"/>; the lists are immutable after that.
/// Ids are whatever the caller gives: the files' own ids at the edges, dense rows of an <see cref="IdMap"/> inside
/// the ranker.
/// </remarks>
public sealed partial class UserLists
{
    private readonly int[] _users;
    private readonly int[] _offsets;
    private readonly int[] _items;
    private readonly double[]? _scores;
    private readonly IdLookup _rows;

    private UserLists(int[] users, int[] offsets, int[] items, double[]? scores, ListKind kind)
    {
        _users = users;
        _offsets = offsets;
        _items = items;
        _scores = scores;
        Kind = kind;
        _rows = IdLookup.Build(users);
    }

    /// <summary>No lists: every user is unknown.</summary>
    public static UserLists Empty { get; } = new([], [0], [], null, ListKind.Set);

    /// <summary>The rule the items follow.</summary>
    public ListKind Kind { get; }

    /// <summary>Users with a list (possibly empty, except in a <see cref="ListKind.Set"/>).</summary>
    public int UserCount => _users.Length;

    /// <summary>(user, item) pairs over all lists.</summary>
    public long PairCount => _items.Length;

    /// <summary>User ids, ascending.</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary><see cref="UserCount"/> + 1 row offsets into <see cref="AllItems"/>, from 0 to <see cref="PairCount"/>.</summary>
    public ReadOnlySpan<int> Offsets => _offsets;

    /// <summary>Every item of every list, list after list.</summary>
    public ReadOnlySpan<int> AllItems => _items;

    /// <summary>True when each item carries a score.</summary>
    public bool HasScores => _scores is not null;

    /// <summary>
    /// Wraps CSR arrays without copying: user <c>users[u]</c> gets <c>items[offsets[u]..offsets[u + 1]]</c> and,
    /// when given, <c>scores</c> over the same range.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays are not a valid CSR, or the items break <paramref name="kind"/>'s rule (see <see cref="Validate"/>).</exception>
    /// <exception cref="EncoreException">A <see cref="ListKind.Ranked"/> list holds an item twice.</exception>
    public static UserLists FromCsr(int[] users, int[] offsets, int[] items, ListKind kind, double[]? scores = null)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(items);
        Validate(users, offsets, items, scores, kind);
        return new UserLists(users, offsets, items, scores, kind);
    }

    /// <summary>
    /// Wraps arrays that this assembly built or read with their content already checked (RankedPairsReader refuses
    /// a repeated item as it scans, a builder appends ascending sets); only the CSR shape is checked again, which
    /// costs a pass over the users, not over the items.
    /// </summary>
    internal static UserLists FromCheckedContent(int[] users, int[] offsets, int[] items, ListKind kind, double[]? scores = null)
    {
        ValidateShape(users, offsets, items.Length, scores);
        return new UserLists(users, offsets, items, scores, kind);
    }

    /// <summary>
    /// The one check of the arrays: offsets run from 0 to the item count without decreasing, one per user plus one;
    /// users strictly ascending; scores, when given, one per item and never NaN; and the items follow
    /// <paramref name="kind"/>: ascending, distinct and non-empty for a <see cref="ListKind.Set"/>, distinct for
    /// <see cref="ListKind.Ranked"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shape, a score or a set breaks the rules; the message names the array, the user and the value.</exception>
    /// <exception cref="EncoreException">A ranked list holds an item twice (a data problem, shown to the user as is).</exception>
    public static void Validate(int[] users, int[] offsets, int[] items, double[]? scores, ListKind kind)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(items);
        ValidateShape(users, offsets, items.Length, scores);
        if (kind == ListKind.Ranked)
        {
            RequireDistinct(users, offsets, items);
        }
        else if (kind == ListKind.Set)
        {
            RequireAscendingSets(users, offsets, items);
        }
    }

    /// <summary>Position of <paramref name="user"/> in <see cref="Users"/>, or -1 when the user has no list.</summary>
    public int IndexOf(long user) => _rows.RowOf(user);

    /// <summary>The list of the user at position <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Items(int index)
    {
        if ((uint)index >= (uint)_users.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {_users.Length} lists.");
        }

        return _items.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
    }

    /// <summary>The scores of <see cref="Items"/>.</summary>
    /// <exception cref="InvalidOperationException">The lists carry no scores.</exception>
    public ReadOnlySpan<double> Scores(int index)
    {
        if (_scores is null)
        {
            throw new InvalidOperationException("These lists carry no scores.");
        }

        var items = Items(index);
        return _scores.AsSpan(_offsets[index], items.Length);
    }

    /// <summary>The list of <paramref name="user"/>; empty when the user has none.</summary>
    public ReadOnlySpan<int> ItemsOf(long user)
    {
        var row = _rows.RowOf(user);
        return row < 0 ? [] : _items.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);
    }

    /// <summary>True when <paramref name="user"/>'s list holds <paramref name="item"/>.</summary>
    public bool Contains(long user, int item)
    {
        var list = ItemsOf(user);
        return Kind == ListKind.Set ? list.BinarySearch(item) >= 0 : list.Contains(item);
    }

    private static void ValidateShape(int[] users, int[] offsets, int itemCount, double[]? scores)
    {
        if (offsets.Length != users.Length + 1)
        {
            throw new ArgumentException(
                $"offsets must have users + 1 = {users.Length + 1} entries, not {offsets.Length}.", nameof(offsets));
        }

        if (offsets[0] != 0 || offsets[^1] != itemCount)
        {
            throw new ArgumentException(
                $"offsets must run from 0 to the item count {itemCount}, not from {offsets[0]} to {offsets[^1]}.", nameof(offsets));
        }

        for (var u = 0; u < users.Length; u++)
        {
            if (offsets[u + 1] < offsets[u])
            {
                throw new ArgumentException(
                    $"offsets must not decrease; user {users[u]} ends at {offsets[u + 1]} before it starts at {offsets[u]}.", nameof(offsets));
            }

            if (u > 0 && users[u] <= users[u - 1])
            {
                throw new ArgumentException(
                    $"users must be strictly ascending; user {users[u]} follows {users[u - 1]}.", nameof(users));
            }
        }

        if (scores is null)
        {
            return;
        }

        if (scores.Length != itemCount)
        {
            throw new ArgumentException($"scores must have one entry per item ({itemCount}), not {scores.Length}.", nameof(scores));
        }

        var nan = Array.FindIndex(scores, double.IsNaN);
        if (nan >= 0)
        {
            var user = users[UserAt(offsets, nan)];
            throw new ArgumentException($"scores must be numbers; the score of user {user}'s item at position {nan} is NaN.", nameof(scores));
        }
    }

    /// <summary>The user row whose range holds item position <paramref name="position"/>.</summary>
    private static int UserAt(int[] offsets, int position)
    {
        var found = Array.BinarySearch(offsets, position);
        if (found < 0)
        {
            return ~found - 1;
        }

        // Empty lists share an offset: the owner is the last row that starts there.
        while (found + 1 < offsets.Length - 1 && offsets[found + 1] == position)
        {
            found++;
        }

        return found;
    }

    private static void RequireAscendingSets(int[] users, int[] offsets, int[] items)
    {
        for (var u = 0; u < users.Length; u++)
        {
            if (offsets[u + 1] == offsets[u])
            {
                throw new ArgumentException($"User {users[u]} has an empty item set; leave such users out.", nameof(offsets));
            }

            for (var i = offsets[u] + 1; i < offsets[u + 1]; i++)
            {
                if (items[i] <= items[i - 1])
                {
                    throw new ArgumentException(
                        $"Items of user {users[u]} must be strictly ascending in a set; item {items[i]} follows {items[i - 1]}.",
                        nameof(items));
                }
            }
        }
    }

    /// <summary>Rejects a list that holds an item twice: it would count one relevant item as two hits.</summary>
    private static void RequireDistinct(int[] users, int[] offsets, int[] items)
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

        if (firstBad == int.MaxValue)
        {
            return;
        }

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
            $"User {users[firstBad]}'s list holds item {duplicate} more than once; each list must hold distinct items.");
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
}
