using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Randomness;

namespace Encore.Core.Evaluation.Replay;

/// <summary>
/// The listeners a replay follows and their test-period listens in listening order, as CSR (listeners ascending).
/// events.parquet holds each listener's listens in the order they were played (prepare writes them by day, and
/// within a day by the raw <c>track_seq</c>), so row order is listening order.
/// </summary>
public sealed class ReplayListeners
{
    private readonly int[] _users;
    private readonly int[] _offsets;
    private readonly int[] _items;

    private ReplayListeners(int[] users, int[] offsets, int[] items)
    {
        _users = users;
        _offsets = offsets;
        _items = items;
    }

    /// <summary>Number of listeners.</summary>
    public int Count => _users.Length;

    /// <summary>Listener ids, ascending.</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary>The test listens of the listener at position <paramref name="index"/>, first played first.</summary>
    public ReadOnlySpan<int> Listens(int index) => _items.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>
    /// The warm test listeners (a train listen and a test listen) of <paramref name="test"/>, or a seeded sample of
    /// <paramref name="sample"/> of them.
    /// </summary>
    /// <param name="test">Test-period listens in file order.</param>
    /// <param name="train">Each listener's train items; a listener without any is cold and left out.</param>
    /// <param name="sample">How many to keep; null keeps all.</param>
    /// <param name="seed">Random seed of the sample.</param>
    public static ReplayListeners Warm(EventLog test, UserLists train, int? sample = null, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(train);
        var order = ByListener(test.Users);
        var users = new List<int>();
        var starts = new List<int>();
        for (var i = 0; i < order.Length;)
        {
            var user = test.Users[order[i]];
            var end = i;
            while (end < order.Length && test.Users[order[end]] == user)
            {
                end++;
            }

            if (train.IndexOf(user) >= 0)
            {
                users.Add(user);
                starts.Add(i);
            }

            i = end;
        }

        var kept = Sample(users.Count, sample, seed);
        var outUsers = new int[kept.Length];
        var offsets = new int[kept.Length + 1];
        var items = new List<int>();
        for (var u = 0; u < kept.Length; u++)
        {
            var user = users[kept[u]];
            outUsers[u] = user;
            for (var i = starts[kept[u]]; i < order.Length && test.Users[order[i]] == user; i++)
            {
                items.Add(test.Items[order[i]]);
            }

            offsets[u + 1] = items.Count;
        }

        return new ReplayListeners(outUsers, offsets, [.. items]);
    }

    /// <summary>Row indexes grouped by listener (ascending), rows of one listener in file order.</summary>
    private static int[] ByListener(int[] users)
    {
        var grouped = true;
        for (var i = 1; i < users.Length && grouped; i++)
        {
            grouped = users[i] >= users[i - 1];
        }

        var order = new int[users.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (!grouped)
        {
            // A stable order: the row index breaks ties, so each listener's listens keep their file order.
            Array.Sort(order, (a, b) => users[a] != users[b] ? users[a].CompareTo(users[b]) : a.CompareTo(b));
        }

        return order;
    }

    /// <summary>Positions 0…<paramref name="count"/>-1, or a seeded sample of them, ascending.</summary>
    private static int[] Sample(int count, int? sample, int seed)
    {
        var positions = new int[count];
        for (var i = 0; i < count; i++)
        {
            positions[i] = i;
        }

        if (sample is not { } size || size >= count)
        {
            return positions;
        }

        // A partial Fisher–Yates shuffle: the first `size` positions are a uniform sample.
        var random = new SplitMix64((ulong)seed);
        for (var i = 0; i < size; i++)
        {
            var j = i + (int)random.NextBelow((ulong)(count - i));
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }

        var chosen = positions[..size];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Listeners from given sequences (tests, and callers that hold the listens already).</summary>
    /// <exception cref="ArgumentException">Listeners not strictly ascending.</exception>
    public static ReplayListeners FromSequences(IReadOnlyList<(int User, int[] Listens)> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var users = new int[sequences.Count];
        var offsets = new int[sequences.Count + 1];
        var items = new List<int>();
        for (var u = 0; u < sequences.Count; u++)
        {
            if (u > 0 && sequences[u].User <= sequences[u - 1].User)
            {
                throw new ArgumentException($"Listeners must be strictly ascending; {sequences[u].User} follows {sequences[u - 1].User}.", nameof(sequences));
            }

            users[u] = sequences[u].User;
            items.AddRange(sequences[u].Listens);
            offsets[u + 1] = items.Count;
        }

        return new ReplayListeners(users, offsets, [.. items]);
    }
}
