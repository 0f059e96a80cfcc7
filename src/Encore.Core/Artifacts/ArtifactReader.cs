using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;
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
    /// personal_als.parquet or recommendations.parquet (user_id, item_id, score[, rank]) as ranked lists, the file's
    /// own user and item ids. Rows sorted by user then rank, as train writes them, stream with no sort; other orders
    /// are sorted first. Evaluation and serving both read their lists here.
    /// </summary>
    /// <exception cref="EncoreException">The file or a column is missing or malformed, or a list repeats an item.</exception>
    public static UserLists ReadRecommendations(string path, CancellationToken cancellationToken = default) =>
        ReadRecommendations(path, keepScores: false, threads: null, cancellationToken);

    /// <inheritdoc cref="ReadRecommendations(string, CancellationToken)"/>
    /// <param name="path">The file.</param>
    /// <param name="keepScores">Also keep each item's score.</param>
    /// <param name="threads">DuckDB's worker threads; null uses every core.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="EncoreException">The file or a column is missing or malformed, or a list repeats an item.</exception>
    public static UserLists ReadRecommendations(string path, bool keepScores, int? threads, CancellationToken cancellationToken)
    {
        var pairs = RankedPairsReader.Read(path, Columns.UserId, Columns.ItemId, keepScores, cancellationToken, threads);
        // The scan has refused repeated items, NaN scores and broken ranks, naming the file and column.
        return UserLists.FromCheckedContent(pairs.Keys, pairs.Offsets, pairs.Values, ListKind.Ranked, pairs.Scores);
    }

    /// <summary>top_popular.parquet's item_id column, rank 1 first.</summary>
    public static int[] ReadTopPopular(string path) => TopPopularReader.RankedItems(path);

    /// <summary>similar.parquet (item_id_1, item_id_2, score[, rank]) as an index, best neighbour first.</summary>
    /// <param name="path">The file.</param>
    /// <param name="threads">DuckDB's worker threads; null uses every core.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public static SimilarItemsIndex ReadSimilar(string path, int? threads = null, CancellationToken cancellationToken = default)
    {
        var pairs = RankedPairsReader.Read(path, Columns.ItemId1, Columns.ItemId2, keepScores: true, cancellationToken, threads);
        return SimilarItemsIndex.FromCsr(pairs.Keys, pairs.Offsets, pairs.Values, pairs.Scores!);
    }
}
