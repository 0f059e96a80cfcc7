using Encore.Core.Ranking;
using Encore.Core.Ranking.Live;

namespace Encore.Server.Apis;

/// <summary>
/// Names a person can read for the live ranker's features (<see cref="LiveRecommender.FeatureNames"/>), shown in
/// explanations as "name (column)" the way the ranker report names its features (<see cref="RankerFeatures.Readable"/>).
/// A feature without a label here keeps its column name.
/// </summary>
internal static class FeatureLabels
{
    private static readonly Dictionary<string, string> s_labels = new(StringComparer.Ordinal)
    {
        ["foldin_score"] = "ALS score of the listener folded in now",
        ["foldin_rank"] = "rank among the folded-in ALS candidates",
        ["session_similar_score"] = "similarity to the newest listens",
        ["session_similar_rank"] = "rank among tracks similar to the newest listens",
        ["session_artist_rank"] = "rank among the newest listens' artists' tracks",
        ["offline_rank"] = "rank in the listener's offline list",
        ["popular_rank"] = "rank in the popular chart",
        ["sources"] = "candidate sources proposing it",
        ["item_listeners"] = "the track's listeners",
        ["artist_track_rank"] = "place among its artist's most heard tracks",
        ["als_score"] = "ALS score of the listener's trained vector",
        ["foldin_dot"] = "ALS score of the listener's vector with this session",
        ["user_items"] = "the listener's train listens",
        ["genre_match"] = "match with the listener's genres",
        ["artist_share"] = "listener's share of listens by its artist",
        ["session_events"] = "listens in this session",
        ["session_sim_max"] = "highest similarity to a session listen",
        ["session_sim_mean"] = "mean similarity to the session's listens",
        ["session_als_max"] = "closest ALS match to a session listen",
        ["session_als_mean"] = "mean ALS match to the session's listens",
        ["session_artist_share"] = "share of session listens by its artist",
        ["session_genre_share"] = "share of session listens in its genres",
        ["newest_artist_match"] = "same artist as the newest listen",
        ["newest_genre_match"] = "same genre as the newest listen",
        ["newest_artist_run"] = "newest listens in a row by one artist",
        ["newest_genre_run"] = "newest listens in a row of one genre",
    };

    /// <summary>"highest similarity to a session listen (session_sim_max)", or the column name alone.</summary>
    public static string Readable(string feature) => RankerFeatures.Readable(feature, s_labels);

    /// <summary>The features with a label, for the test that every live feature has one.</summary>
    public static IReadOnlyCollection<string> Labelled => s_labels.Keys;
}
