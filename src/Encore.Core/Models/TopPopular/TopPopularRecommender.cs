using Encore.Core.Data.Interactions;

namespace Encore.Core.Models.TopPopular;

/// <summary>
/// The most played items of the train period (docs/seed.md §4.2): by plays desc, then distinct listeners desc, then
/// item id, so ties never depend on hash or thread order. Everyone gets the same list; it is the cold-user fallback.
/// </summary>
public sealed class TopPopularRecommender
{
    private int[]? _items;
    private long[]? _plays;
    private long[]? _users;

    /// <param name="size">How many items the model keeps (the seed kept 100).</param>
    public TopPopularRecommender(int size = 100)
    {
        if (size < 1)
        {
            throw new EncoreException($"Top-popular parameter 'size' must be ≥ 1, got {size}.");
        }

        Size = size;
    }

    public int Size { get; }

    public bool IsFitted => _items is not null;

    /// <summary>The ranked item ids (internal), best first; at most <see cref="Size"/>, only items with plays.</summary>
    public ReadOnlySpan<int> Items => _items ?? throw NotFitted();

    /// <summary>Train plays, aligned with <see cref="Items"/>.</summary>
    public ReadOnlySpan<long> Plays => _plays ?? throw NotFitted();

    /// <summary>Distinct train listeners, aligned with <see cref="Items"/>.</summary>
    public ReadOnlySpan<long> Users => _users ?? throw NotFitted();

    /// <summary>Ranks the items of <paramref name="playCounts"/> (users×items, values = plays).</summary>
    public void Fit(SparseMatrix playCounts)
    {
        ArgumentNullException.ThrowIfNull(playCounts);
        var plays = new long[playCounts.Columns];
        var users = new long[playCounts.Columns];
        var indices = playCounts.Indices;
        var values = playCounts.Values;
        for (var k = 0; k < indices.Length; k++)
        {
            plays[indices[k]] += (long)values[k];
            users[indices[k]]++;
        }

        var best = new List<int>(Size + 1);
        for (var item = 0; item < plays.Length; item++)
        {
            if (plays[item] == 0 || (best.Count == Size && !Before(item, best[^1], plays, users)))
            {
                continue;
            }

            // Insertion into a sorted list of ≤ Size: linear in the catalogue, as only rare items move it.
            var at = best.Count;
            while (at > 0 && Before(item, best[at - 1], plays, users))
            {
                at--;
            }

            best.Insert(at, item);
            if (best.Count > Size)
            {
                best.RemoveAt(Size);
            }
        }

        _items = [.. best];
        _plays = new long[_items.Length];
        _users = new long[_items.Length];
        for (var i = 0; i < _items.Length; i++)
        {
            _plays[i] = plays[_items[i]];
            _users[i] = users[_items[i]];
        }
    }

    /// <summary>
    /// The first <c>items.Length</c> ranked items not in <paramref name="excludeSorted"/>, with score =
    /// plays / sum of plays over the kept list (docs/seed.md §4.2).
    /// </summary>
    /// <returns>How many were written.</returns>
    public int Recommend(ReadOnlySpan<int> excludeSorted, Span<int> items, Span<float> scores)
    {
        var ranked = Items;
        var plays = Plays;
        var total = 0.0;
        foreach (var p in plays)
        {
            total += p;
        }

        var written = 0;
        for (var i = 0; i < ranked.Length && written < items.Length; i++)
        {
            if (excludeSorted.BinarySearch(ranked[i]) >= 0)
            {
                continue;
            }

            items[written] = ranked[i];
            scores[written++] = (float)(plays[i] / total);
        }

        return written;
    }

    private static bool Before(int a, int b, long[] plays, long[] users) =>
        plays[a] > plays[b] || (plays[a] == plays[b] && (users[a] > users[b] || (users[a] == users[b] && a < b)));

    private static InvalidOperationException NotFitted() => new("The top-popular model is not fitted; call Fit first.");
}
