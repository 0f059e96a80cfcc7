namespace Encore.Core.Data.Interactions;

/// <summary>Builds the user×item matrix that the models train on, from event arrays.</summary>
public static class InteractionMatrix
{
    /// <summary>
    /// Builds a users×items CSR matrix from parallel internal-id arrays. Duplicate pairs are summed before
    /// <paramref name="mode"/> is applied.
    /// </summary>
    /// <param name="users">Number of users (rows); users without events keep an empty row.</param>
    /// <param name="items">Number of items (columns); items without events keep an empty column.</param>
    /// <param name="userIds">Internal user id per event, in [0, users).</param>
    /// <param name="itemIds">Internal item id per event, in [0, items).</param>
    /// <param name="weights">Weight per event; empty means 1 each.</param>
    /// <param name="mode">How summed weights become values.</param>
    /// <param name="k1">BM25 K1 (only for <see cref="InteractionValues.Bm25"/>).</param>
    /// <param name="b">BM25 B (only for <see cref="InteractionValues.Bm25"/>).</param>
    /// <exception cref="EncoreException">An id is outside the shape or a weight is not finite.</exception>
    public static SparseMatrix Build(
        int users,
        int items,
        ReadOnlySpan<int> userIds,
        ReadOnlySpan<int> itemIds,
        ReadOnlySpan<float> weights,
        InteractionValues mode,
        float k1 = Bm25.DefaultK1,
        float b = Bm25.DefaultB)
    {
        return FromCounts(SparseMatrix.FromTriplets(users, items, userIds, itemIds, weights), mode, k1, b);
    }

    /// <summary>
    /// The matrix of <paramref name="mode"/> values over the cells of <paramref name="counts"/> (summed weights),
    /// sharing its index arrays where the mode allows.
    /// </summary>
    public static SparseMatrix FromCounts(SparseMatrix counts, InteractionValues mode, float k1 = Bm25.DefaultK1, float b = Bm25.DefaultB)
    {
        ArgumentNullException.ThrowIfNull(counts);
        switch (mode)
        {
            case InteractionValues.Binary:
                var ones = new float[counts.Nnz];
                Array.Fill(ones, 1f);
                return counts.WithValues(ones);
            case InteractionValues.PlayCount:
                return counts;
            case InteractionValues.Bm25:
                return Bm25.Weight(counts.Transpose(), k1, b).Transpose();
            default:
                throw new EncoreException($"Unknown interaction value mode '{mode}'.");
        }
    }

    /// <summary>
    /// Builds the matrix from external ids: ids are mapped through <paramref name="userMap"/> and
    /// <paramref name="itemMap"/>, and under <see cref="MissingIdPolicy.Skip"/> an event with an unknown user or
    /// item is dropped.
    /// </summary>
    public static SparseMatrix Build(
        IdMap userMap,
        IdMap itemMap,
        ReadOnlySpan<long> userIds,
        ReadOnlySpan<long> itemIds,
        ReadOnlySpan<float> weights,
        InteractionValues mode,
        MissingIdPolicy policy,
        float k1 = Bm25.DefaultK1,
        float b = Bm25.DefaultB)
    {
        ArgumentNullException.ThrowIfNull(userMap);
        ArgumentNullException.ThrowIfNull(itemMap);
        if (itemIds.Length != userIds.Length || (!weights.IsEmpty && weights.Length != userIds.Length))
        {
            throw new EncoreException("User ids, item ids and weights must have the same length.");
        }

        var users = new int[userIds.Length];
        var items = new int[itemIds.Length];
        var missing = userMap.ToInternal(userIds, users, policy) + itemMap.ToInternal(itemIds, items, policy);
        if (missing == 0)
        {
            return Build(userMap.Count, itemMap.Count, users, items, weights, mode, k1, b);
        }

        var kept = 0;
        var keptWeights = weights.IsEmpty ? [] : new float[weights.Length];
        for (var k = 0; k < users.Length; k++)
        {
            if (users[k] == IdMap.Missing || items[k] == IdMap.Missing)
            {
                continue;
            }

            users[kept] = users[k];
            items[kept] = items[k];
            if (!weights.IsEmpty)
            {
                keptWeights[kept] = weights[k];
            }

            kept++;
        }

        return Build(
            userMap.Count, itemMap.Count, users.AsSpan(0, kept), items.AsSpan(0, kept),
            weights.IsEmpty ? default : keptWeights.AsSpan(0, kept), mode, k1, b);
    }
}
