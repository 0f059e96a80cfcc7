using Encore.Core.Data.DuckDb;
using Encore.Core.Evaluation;
using Encore.Core.Models.Similar;

namespace Encore.Core.Artifacts;

/// <summary>
/// Reads the artifacts <c>encore train</c> writes into the types evaluation and serving use. Every problem with
/// a file (missing, not Parquet, a missing or mistyped column, NULLs, a repeated item) is an
/// <see cref="EncoreException"/> that names the file and the column.
/// </summary>
public static class ArtifactReader
{
    /// <summary>
    /// personal_als.parquet or recommendations.parquet (user_id, item_id, score[, rank]) as ranked lists. Rows
    /// sorted by user then rank, as train writes them, stream with no sort; other orders are sorted first.
    /// </summary>
    public static RecommendationLists ReadRecommendations(string path, CancellationToken cancellationToken = default)
    {
        var pairs = RankedPairsReader.Read(path, Columns.UserId, Columns.ItemId, keepScores: false, cancellationToken);
        try
        {
            return RecommendationLists.FromCsr(pairs.Keys, pairs.Offsets, pairs.Values);
        }
        catch (EncoreException e)
        {
            throw new EncoreException($"{path}: column '{Columns.ItemId}': {e.Message}", e);
        }
    }

    /// <summary>top_popular.parquet's item_id column, rank 1 first.</summary>
    public static int[] ReadTopPopular(string path) => TopPopularReader.RankedItems(path);

    /// <summary>similar.parquet (item_id_1, item_id_2, score[, rank]) as an index, best neighbour first.</summary>
    /// <param name="path">The file.</param>
    /// <param name="threads">DuckDB's worker threads; null uses every core.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public static SimilarItemsIndex ReadSimilar(string path, int? threads = null, CancellationToken cancellationToken = default)
    {
        var pairs = RankedPairsReader.Read(path, ArtifactFiles.ItemId1, ArtifactFiles.ItemId2, keepScores: true, cancellationToken, threads);
        return SimilarItemsIndex.FromCsr(pairs.Keys, pairs.Offsets, pairs.Values, pairs.Scores!);
    }
}
