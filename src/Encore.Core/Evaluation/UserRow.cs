namespace Encore.Core.Evaluation;

/// <summary>
/// One evaluated user's joined row: the top ranked items (already cut to the metric's k, or shorter when the
/// list is shorter) and, per rank, whether the item is relevant (in test) and whether it was heard (in train).
/// </summary>
public readonly ref struct UserRow
{
    private readonly ReadOnlySpan<byte> _flags;

    internal UserRow(int user, ReadOnlySpan<int> items, ReadOnlySpan<byte> flags, int testCount)
    {
        User = user;
        Items = items;
        _flags = flags;
        TestCount = testCount;
    }

    /// <summary>The user id.</summary>
    public int User { get; }

    /// <summary>Recommended items, best first; may be shorter than k, or empty.</summary>
    public ReadOnlySpan<int> Items { get; }

    /// <summary>Number of items shown: <c>min(k, list length)</c>.</summary>
    public int Length => Items.Length;

    /// <summary>Size of the user's test set: the number of relevant items.</summary>
    public int TestCount { get; }

    /// <summary>True when the item at 0-based <paramref name="rank"/> is in the user's test set.</summary>
    public bool IsRelevant(int rank) => (_flags[rank] & EvaluationContext.InTest) != 0;

    /// <summary>True when the user played the item at 0-based <paramref name="rank"/> in train.</summary>
    public bool IsHeard(int rank) => (_flags[rank] & EvaluationContext.InTrain) != 0;

    /// <summary>Number of relevant items among the shown ones.</summary>
    public int Hits
    {
        get
        {
            var hits = 0;
            foreach (var flag in _flags)
            {
                hits += flag & EvaluationContext.InTest;
            }

            return hits;
        }
    }

    /// <summary>The same row cut to its first <paramref name="k"/> ranks.</summary>
    public UserRow Top(int k) =>
        k >= Items.Length ? this : new UserRow(User, Items[..k], _flags[..k], TestCount);
}
