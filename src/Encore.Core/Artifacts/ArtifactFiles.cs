namespace Encore.Core.Artifacts;

/// <summary>
/// Files of the artifacts directory: what <c>encore train</c> writes and <c>encore evaluate</c> and the service
/// read. Names and columns are the seed's (seed-spec §4.2–4.6), plus a <c>rank</c> column.
/// </summary>
public static class ArtifactFiles
{
    public const string TopPopular = "top_popular.parquet";
    public const string PersonalAls = "personal_als.parquet";
    public const string Similar = "similar.parquet";
    public const string Recommendations = "recommendations.parquet";
    public const string Manifest = "manifest.json";
    public const string Metrics = "metrics.json";
    public const string ModelsReport = "models.md";
    public const string ModelsChart = "models.png";
}

/// <summary>Artifact columns beyond the prepared files' <see cref="Columns"/>.</summary>
public static class ArtifactColumns
{
    public const string Rank = "rank";
    public const string Plays = "plays";
    public const string Users = "users";
    public const string ItemId1 = "item_id_1";
    public const string ItemId2 = "item_id_2";
}
