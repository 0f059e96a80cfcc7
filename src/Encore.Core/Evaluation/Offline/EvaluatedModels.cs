namespace Encore.Core.Evaluation.Offline;

/// <summary>The models <c>encore evaluate</c> knows, by the names metrics.json uses, in report order.</summary>
public static class EvaluatedModels
{
    public const string Random = "random";
    public const string TopPopular = "top_popular";
    public const string Als = "als";
    public const string SimilarToHistory = "similar_to_history";

    /// <summary>The two-stage ranker's recommendations.parquet.</summary>
    public const string Ranker = "ranker";

    /// <summary>Every model, in the order the table and chart show them.</summary>
    public static IReadOnlyList<string> All { get; } = [Random, TopPopular, Als, SimilarToHistory, Ranker];

    /// <summary>
    /// The names in <paramref name="models"/> in report order, each once; all models when null.
    /// </summary>
    /// <exception cref="EncoreException">A name is not a known model, or the list is empty.</exception>
    public static IReadOnlyList<string> Select(IReadOnlyCollection<string>? models)
    {
        if (models is null)
        {
            return All;
        }

        foreach (var model in models)
        {
            if (!All.Contains(model))
            {
                throw new EncoreException($"--models: '{model}' is not a model; choose from {string.Join(", ", All)}.");
            }
        }

        var selected = All.Where(models.Contains).ToArray();
        return selected.Length > 0 ? selected : throw new EncoreException("--models: give at least one model.");
    }
}
