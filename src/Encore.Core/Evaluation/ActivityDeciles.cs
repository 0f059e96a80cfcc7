namespace Encore.Core.Evaluation;

/// <summary>One group of listeners by activity: its 1-based number, how many users it holds, and their train listens.</summary>
/// <param name="Decile">1 (least active) to <see cref="ActivityDeciles.Count"/> (most active).</param>
/// <param name="Users">Users in the group; 0 for a group left empty.</param>
/// <param name="MinListens">Fewest train listens in the group (0 when empty).</param>
/// <param name="MaxListens">Most train listens in the group (0 when empty).</param>
public sealed record ActivityDecile(int Decile, int Users, long MinListens, long MaxListens);

/// <summary>
/// Splits users into ten groups by their number of train listens, so a metric can be read per activity level:
/// does a model serve light listeners as well as heavy ones?
/// </summary>
/// <remarks>
/// Users are sorted by listens (ties by user order) and the one at sorted position i (0-based, of n) goes to group
/// ⌊10·i / n⌋ + 1, so the groups hold a tenth of the users each, except that users with the same number of listens
/// always share a group: each takes the group of the first of them. A group is then a range of listen counts that
/// overlaps no other, and a group can be left empty (many ties, or fewer than ten users).
/// </remarks>
public sealed class ActivityDeciles
{
    /// <summary>Number of groups.</summary>
    public const int Count = 10;

    private readonly int[] _decileOf;

    private ActivityDeciles(int[] decileOf, IReadOnlyList<ActivityDecile> groups)
    {
        _decileOf = decileOf;
        Groups = groups;
    }

    /// <summary>The ten groups, least active first.</summary>
    public IReadOnlyList<ActivityDecile> Groups { get; }

    /// <summary>The 1-based group of the user at <paramref name="index"/> of the listens given to <see cref="Split"/>.</summary>
    public int DecileOf(int index) => _decileOf[index];

    /// <summary>Assigns each user, given by its train listen count, to a group.</summary>
    /// <param name="listens">Train listens per user, in any fixed user order (the order breaks no tie between groups).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static ActivityDeciles Split(ReadOnlySpan<long> listens)
    {
        var n = listens.Length;
        var order = new int[n];
        var counts = listens.ToArray();
        for (var i = 0; i < n; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(counts[i], nameof(listens));
            order[i] = i;
        }

        // Stable by index, so the same input always gives the same groups.
        Array.Sort(order, (a, b) => counts[a] != counts[b] ? counts[a].CompareTo(counts[b]) : a.CompareTo(b));
        var decileOf = new int[n];
        var users = new int[Count];
        var min = new long[Count];
        var max = new long[Count];
        var decile = 0;
        for (var i = 0; i < n; i++)
        {
            var user = order[i];
            if (i == 0 || counts[user] != counts[order[i - 1]])
            {
                decile = (int)((long)Count * i / n);
            }

            decileOf[user] = decile + 1;
            if (users[decile] == 0)
            {
                min[decile] = counts[user];
            }

            users[decile]++;
            max[decile] = counts[user];
        }

        var groups = new ActivityDecile[Count];
        for (var d = 0; d < Count; d++)
        {
            groups[d] = new ActivityDecile(d + 1, users[d], min[d], max[d]);
        }

        return new ActivityDeciles(decileOf, groups);
    }

    /// <summary>
    /// The mean of <paramref name="values"/> (one per user, in the order given to <see cref="Split"/>) over each group,
    /// summed in user order; NaN for an empty group.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public double[] Means(ReadOnlySpan<double> values)
    {
        if (values.Length != _decileOf.Length)
        {
            throw new ArgumentException($"{values.Length} values for {_decileOf.Length} users.", nameof(values));
        }

        var sums = new double[Count];
        for (var i = 0; i < values.Length; i++)
        {
            sums[_decileOf[i] - 1] += values[i];
        }

        var means = new double[Count];
        for (var d = 0; d < Count; d++)
        {
            means[d] = Groups[d].Users == 0 ? double.NaN : sums[d] / Groups[d].Users;
        }

        return means;
    }
}
