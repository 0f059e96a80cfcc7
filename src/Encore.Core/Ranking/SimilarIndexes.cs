using Encore.Core.Data.Interactions;
using Encore.Core.Models.Similar;

namespace Encore.Core.Ranking;

/// <summary>Turns similar-track lists into the <see cref="SimilarItemsIndex"/> the candidate generator reads, in internal item ids.</summary>
internal static class SimilarIndexes
{
    /// <summary>The lists a similarity model computed (internal ids) as an index.</summary>
    public static SimilarItemsIndex FromLists(SimilarItemLists lists)
    {
        var batch = lists.Lists;
        var offsets = new int[batch.Rows + 1];
        for (var i = 0; i < batch.Rows; i++)
        {
            offsets[i + 1] = offsets[i] + batch.Count(i);
        }

        var neighbours = new int[offsets[^1]];
        var scores = new double[offsets[^1]];
        for (var i = 0; i < batch.Rows; i++)
        {
            batch.Items(i).CopyTo(neighbours.AsSpan(offsets[i]));
            var from = batch.Scores(i);
            for (var p = 0; p < from.Length; p++)
            {
                scores[offsets[i] + p] = from[p];
            }
        }

        return SimilarItemsIndex.FromCsr(lists.Sources, offsets, neighbours, scores);
    }

    /// <summary>
    /// similar.parquet's index (external ids) in internal ids; internal ids keep the external order, so sources stay
    /// ascending. Pairs with an item outside <paramref name="items"/> are dropped.
    /// </summary>
    /// <remarks>
    /// A service holds both indexes, so when <paramref name="items"/> knows every item (similar.parquet is computed
    /// from the same ALS model) the internal one shares the external one's offsets and scores (~80 MB at full scale),
    /// and when every id is its own internal id it is the external index itself.
    /// </remarks>
    public static SimilarItemsIndex ToInternal(SimilarItemsIndex external, IdMap items)
    {
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(items);
        var sourceIds = new int[external.ItemCount];
        if (Rename(external.Items, items, sourceIds) is not { } same)
        {
            return Copied(external, items);
        }

        var neighbourIds = new int[external.PairCount];
        var written = 0;
        for (var i = 0; i < external.ItemCount; i++)
        {
            var listed = external.Neighbours(i);
            if (Rename(listed, items, neighbourIds.AsSpan(written, listed.Length)) is not { } renamed)
            {
                return Copied(external, items);
            }

            same &= renamed;
            written += listed.Length;
        }

        return same ? external : external.WithIds(sourceIds, neighbourIds);
    }

    /// <summary>Writes the internal ids of <paramref name="ids"/>; null when one is unknown, else whether every id is its own.</summary>
    private static bool? Rename(ReadOnlySpan<int> ids, IdMap items, Span<int> destination)
    {
        var same = true;
        for (var p = 0; p < ids.Length; p++)
        {
            if (!items.TryToInternal(ids[p], out var id))
            {
                return null;
            }

            destination[p] = id;
            same &= id == ids[p];
        }

        return same;
    }

    /// <summary>
    /// The general case of <see cref="ToInternal"/>: a new index of its own, without the pairs of unknown items (what
    /// every case built before the shared one; the tests hold the shared one to it).
    /// </summary>
    internal static SimilarItemsIndex Copied(SimilarItemsIndex external, IdMap items)
    {
        var sources = new List<int>(external.ItemCount);
        var offsets = new List<int>(external.ItemCount + 1) { 0 };
        var neighbours = new List<int>(external.PairCount);
        var scores = new List<double>(external.PairCount);
        for (var i = 0; i < external.ItemCount; i++)
        {
            if (!items.TryToInternal(external.Items[i], out var source))
            {
                continue;
            }

            var listed = external.Neighbours(i);
            var listedScores = external.Scores(i);
            for (var p = 0; p < listed.Length; p++)
            {
                if (items.TryToInternal(listed[p], out var neighbour))
                {
                    neighbours.Add(neighbour);
                    scores.Add(listedScores[p]);
                }
            }

            sources.Add(source);
            offsets.Add(neighbours.Count);
        }

        return SimilarItemsIndex.FromCsr([.. sources], [.. offsets], [.. neighbours], [.. scores]);
    }
}
