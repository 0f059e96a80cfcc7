using Encore.Core.Data.Interactions;

namespace Encore.Core.Models.TopPopular;

/// <summary>
/// The most played items of the train period (docs/seed.md §4.2): by plays desc, then distinct listeners desc, then
/// item id, so ties never depend on hash or thread order. Everyone gets the same list; it is the cold-user fallback.
/// </summary>
public sealed class TopPopularRecommender : IRecommender
{
    private int[]? _items;
    private long[]? _plays;
    private long[]? _users;
    private float[]? _scores;

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

        var played = new List<int>();
        for (var item = 0; item < plays.Length; item++)
        {
            if (plays[item] > 0)
            {
                played.Add(item);
            }
        }

        // A total order (ties end on the id), so the sort's instability cannot show.
        var ranked = played.ToArray();
        Array.Sort(ranked, (a, b) =>
        {
            var byPlays = plays[b].CompareTo(plays[a]);
            if (byPlays != 0)
            {
                return byPlays;
            }

            var byUsers = users[b].CompareTo(users[a]);
            return byUsers != 0 ? byUsers : a.CompareTo(b);
        });
        _items = ranked[..Math.Min(Size, ranked.Length)];
        _plays = new long[_items.Length];
        _users = new long[_items.Length];
        var total = 0.0;
        for (var i = 0; i < _items.Length; i++)
        {
            _plays[i] = plays[_items[i]];
            _users[i] = users[_items[i]];
            total += _plays[i];
        }

        _scores = new float[_items.Length];
        for (var i = 0; i < _items.Length; i++)
        {
            _scores[i] = (float)(_plays[i] / total);
        }
    }

    /// <summary>
    /// A chart read back from top_popular.parquet: <paramref name="items"/> best first. Their counts are not kept
    /// there, so an item's score is its reciprocal rank, 1 / (r + 1).
    /// </summary>
    public static TopPopularRecommender FromChart(ReadOnlySpan<int> items)
    {
        var model = new TopPopularRecommender(Math.Max(1, items.Length))
        {
            _items = items.ToArray(),
            _plays = new long[items.Length],
            _users = new long[items.Length],
            _scores = new float[items.Length],
        };
        for (var i = 0; i < items.Length; i++)
        {
            model._scores[i] = 1f / (i + 1);
        }

        return model;
    }

    /// <summary>
    /// The first <c>items.Length</c> ranked items not in <paramref name="excludeSorted"/>, with score =
    /// plays / sum of plays over the kept list (docs/seed.md §4.2).
    /// </summary>
    /// <returns>How many were written.</returns>
    public int Recommend(ReadOnlySpan<int> excludeSorted, Span<int> items, Span<float> scores) =>
        Unheard.First(Items, _scores, excludeSorted, items, scores);

    /// <inheritdoc/>
    /// <remarks>Everyone gets the same chart, so <paramref name="user"/> is not used.</remarks>
    public int Recommend(int user, ReadOnlySpan<int> exclude, Span<int> items, Span<float> scores) =>
        Recommend(exclude, items, scores);

    private static InvalidOperationException NotFitted() => new("The top-popular model is not fitted; call Fit first.");
}
