using Encore.Core.Linalg;

namespace Encore.Core.Models.Similar;

/// <summary>
/// The neighbour list of every source item: row i of <see cref="Lists"/> belongs to <c>Sources[i]</c> (internal
/// item ids, ascending). Two flat arrays for all rows, as <see cref="TopKBatch"/>.
/// </summary>
public sealed record SimilarItemLists(int[] Sources, TopKBatch Lists);

/// <summary>Item-to-item similarity: fit once, then ask for one item's neighbours or everyone's.</summary>
public interface IItemSimilarity
{
    /// <summary>The items that get lists and may appear in them (internal ids, ascending).</summary>
    ReadOnlySpan<int> Candidates { get; }

    /// <summary>
    /// Writes the neighbours of <paramref name="item"/> (a candidate), best first, itself excluded; k is the
    /// span length.
    /// </summary>
    /// <returns>How many were written (k unless fewer candidates exist).</returns>
    int SimilarItems(int item, Span<int> items, Span<float> scores);

    /// <summary>The top-<paramref name="k"/> neighbours of every candidate.</summary>
    SimilarItemLists SimilarToAll(int k, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default);
}
