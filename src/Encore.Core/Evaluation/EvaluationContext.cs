using Encore.Core.Data.Interactions;

namespace Encore.Core.Evaluation;

/// <summary>
/// The reco × test join, built once and read by every metric: for each evaluated user, the top
/// <see cref="Depth"/> recommended items and, per rank, whether the item is in the user's test set and whether
/// the user already played it in train.
/// </summary>
/// <remarks>
/// Users are given explicitly because the protocols differ in who counts: a user without a list is kept with
/// an empty row (zeros for accuracy metrics), a user without test items is kept with a test count of 0.
/// </remarks>
public sealed class EvaluationContext
{
    internal const byte InTest = 1;
    internal const byte InTrain = 2;

    private readonly int[] _users;
    private readonly int[] _listIndex;
    private readonly int[] _rowLength;
    private readonly int[] _testCount;
    private readonly byte[] _flags;

    private EvaluationContext(
        int[] users,
        int depth,
        UserLists recommendations,
        UserLists? test,
        UserLists? train,
        ItemPopularity? popularity,
        int catalogSize)
    {
        _users = users;
        Depth = depth;
        Recommendations = recommendations;
        HasTest = test is not null;
        HasTrain = train is not null;
        Popularity = popularity;
        CatalogSize = catalogSize;
        _listIndex = new int[users.Length];
        _rowLength = new int[users.Length];
        _testCount = new int[users.Length];
        _flags = new byte[(long)users.Length * depth];
    }

    /// <summary>How many top ranks of each list were joined; metrics may read at most this deep.</summary>
    public int Depth { get; }

    /// <summary>Number of evaluated users.</summary>
    public int UserCount => _users.Length;

    /// <summary>Evaluated user ids, ascending.</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary>True when test sets were joined (accuracy metrics need them).</summary>
    public bool HasTest { get; }

    /// <summary>True when train sets were joined (the unheard share, the seed's novelty, needs them).</summary>
    public bool HasTrain { get; }

    /// <summary>Train popularity, for self-information; null when not given.</summary>
    public ItemPopularity? Popularity { get; }

    /// <summary>Number of items in the catalog, for coverage; 0 when not given.</summary>
    public int CatalogSize { get; }

    /// <summary>The model's lists, all of them (the seed's coverage counts every list, not only the evaluated users').</summary>
    public UserLists Recommendations { get; }

    /// <summary>Builds the join for <paramref name="users"/> over the top <paramref name="depth"/> ranks.</summary>
    /// <param name="users">Users to evaluate, strictly ascending.</param>
    /// <param name="recommendations">The model's lists; a user without one gets an empty row.</param>
    /// <param name="depth">Ranks to join, at least the largest k of the metrics to compute.</param>
    /// <param name="test">Relevant items per user, or null when no metric needs them.</param>
    /// <param name="train">Items each user played in train, or null when no metric needs them.</param>
    /// <param name="popularity">Train popularity, or null when no metric needs it.</param>
    /// <param name="catalogSize">Catalog size, or 0 when no metric needs it.</param>
    /// <param name="cancellationToken">Stops the join between users.</param>
    /// <exception cref="ArgumentException">Users not strictly ascending.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Depth below 1 or negative catalog size.</exception>
    public static EvaluationContext Build(
        ReadOnlySpan<int> users,
        UserLists recommendations,
        int depth,
        UserLists? test = null,
        UserLists? train = null,
        ItemPopularity? popularity = null,
        int catalogSize = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(catalogSize);
        if ((long)users.Length * depth > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(depth), depth, $"{users.Length} users × depth {depth} ranks do not fit one array; lower the depth.");
        }

        for (var i = 1; i < users.Length; i++)
        {
            if (users[i] <= users[i - 1])
            {
                throw new ArgumentException(
                    $"Users must be strictly ascending; user {users[i]} follows {users[i - 1]}.", nameof(users));
            }
        }

        var context = new EvaluationContext(users.ToArray(), depth, recommendations, test, train, popularity, catalogSize);
        context.Join(test, train, cancellationToken);
        return context;
    }

    /// <summary>The joined row of the user at position <paramref name="index"/>, cut to <see cref="Depth"/> ranks.</summary>
    public UserRow Row(int index)
    {
        if ((uint)index >= (uint)_users.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {_users.Length} users.");
        }

        var length = _rowLength[index];
        var items = length == 0 ? [] : Recommendations.Items(_listIndex[index])[..length];
        return new UserRow(_users[index], items, _flags.AsSpan((int)((long)index * Depth), length), _testCount[index]);
    }

    private void Join(UserLists? test, UserLists? train, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, _users.Length, options, u =>
        {
            var user = _users[u];
            var testItems = test is null ? [] : test.ItemsOf(user);
            var trainItems = train is null ? [] : train.ItemsOf(user);
            _testCount[u] = testItems.Length;
            var listIndex = Recommendations.IndexOf(user);
            _listIndex[u] = listIndex;
            if (listIndex < 0)
            {
                return;
            }

            var items = Recommendations.Items(listIndex);
            var length = Math.Min(items.Length, Depth);
            _rowLength[u] = length;
            var flags = _flags.AsSpan((int)((long)u * Depth), length);
            for (var r = 0; r < length; r++)
            {
                var flag = testItems.BinarySearch(items[r]) >= 0 ? InTest : (byte)0;
                if (trainItems.BinarySearch(items[r]) >= 0)
                {
                    flag |= InTrain;
                }

                flags[r] = flag;
            }
        });
    }
}
