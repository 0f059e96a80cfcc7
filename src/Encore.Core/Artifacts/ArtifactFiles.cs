namespace Encore.Core.Artifacts;

/// <summary>File names of the artifacts <c>encore train</c> writes (the seed's names, docs/seed.md §4); their columns are in <see cref="Columns"/>.</summary>
public static class ArtifactFiles
{
    public const string TopPopular = "top_popular.parquet";
    public const string PersonalAls = "personal_als.parquet";
    public const string Similar = "similar.parquet";
    public const string AlsModel = "als_model.bin";

    /// <summary>The ALS user factors in Parquet (user_id, f0 … f{k-1}), for pandas, numpy and DuckDB.</summary>
    public const string AlsUserFactors = "als_user_factors.parquet";

    /// <summary>The ALS item factors in Parquet (item_id, f0 … f{k-1}).</summary>
    public const string AlsItemFactors = "als_item_factors.parquet";
    public const string Manifest = "manifest.json";

    /// <summary>
    /// ALS fitted on the ranker's fit part (train minus the label window) when train warm-starts from it: the ranker's
    /// input for its training rows, not served and not published (the manifest names it only in its parameters).
    /// </summary>
    public const string FitPartAls = "fit_part_als.bin";

    /// <summary>
    /// Every user's best unheard tracks under the all-data ALS model, kept by train from the search behind
    /// personal_als.parquet when a ranker follows, so the ranker's batch scoring reads its ALS candidates instead of
    /// searching the same model again (<see cref="AlsCandidatesFile"/>). Not served, not published, not in the
    /// manifest: the ranker deletes it once used.
    /// </summary>
    public const string AlsCandidates = "als_candidates.bin";

    /// <summary>
    /// The set's catalogue: items.parquet's item_id, name, artists and genres, so the service shows track names from
    /// the set alone (docs/artifacts.md).
    /// </summary>
    public const string Catalog = "catalog.parquet";

    /// <summary>The two-stage ranker's lists, same schema as personal_als (docs/seed.md §4.6); optional.</summary>
    public const string Recommendations = "recommendations.parquet";

    /// <summary>The ranker's LightGBM model.</summary>
    public const string RankerModel = "ranker_model.bin";

    /// <summary>The ranker's options, features, training set, candidate recall, importance and timings.</summary>
    public const string RankerJson = "ranker.json";

    /// <summary>The live ranker's LightGBM model (request-time ranking, <c>kind=live</c>), trained on replayed sessions; optional.</summary>
    public const string LiveModel = "live_model.bin";

    /// <summary>The live ranker's options (its candidate counts, which serving reads back), features, training rows and importance.</summary>
    public const string LiveRankerJson = "live_ranker.json";

    /// <summary>ALS's training loss after each iteration; written only when <c>calculate_loss</c> is on.</summary>
    public const string AlsLoss = "als_loss.json";

    // Written by encore evaluate.
    public const string Metrics = "metrics.json";
    public const string ModelsReport = "models.md";
    public const string ModelsChart = "models.png";
    public const string MetricCurvesChart = "models_by_k.png";
    public const string AccuracyCoverageChart = "accuracy_coverage.png";
    public const string AccuracyPopularityChart = "accuracy_popularity.png";
    public const string ActivityChart = "activity_deciles.png";
    public const string AlsLossChart = "als_loss.png";
    public const string RankerReport = "ranker.md";
    public const string RankerImportanceChart = "ranker_importance.png";

    /// <summary>Rows per Parquet row group of the large artifacts.</summary>
    public const int RowGroupSize = 1_000_000;
}
