using Encore.Core.Ranking.Candidates;

namespace Encore.Core.Evaluation.Offline;

/// <summary>The models <c>encore evaluate</c> knows, by the names metrics.json uses, in report order.</summary>
public static class EvaluatedModels
{
    public const string Random = "random";

    // The default candidate sources' models; their lists come from the artifacts train wrote.
    public const string TopPopular = "top_popular";
    public const string Als = "als";
    public const string SimilarToHistory = "similar_to_history";

    /// <summary>The two-stage ranker's recommendations.parquet.</summary>
    public const string Ranker = "ranker";

    /// <summary>Every model of the default sources, in the order the table and chart show them.</summary>
    public static IReadOnlyList<string> All { get; } = For(CandidateSources.Default);

    /// <summary>
    /// Every model with <paramref name="sources"/> registered: random, each source's model (<see cref="CandidateSource.ReportOrder"/>),
    /// then the ranker that reorders their candidates.
    /// </summary>
    public static IReadOnlyList<string> For(IReadOnlyList<CandidateSource> sources) =>
        [Random, .. sources.OrderBy(source => source.ReportOrder).Select(source => source.EvaluatedModel), Ranker];

    /// <summary>
    /// The names in <paramref name="models"/> in report order, each once; all models when null.
    /// </summary>
    /// <exception cref="EncoreException">A name is not a known model, or the list is empty.</exception>
    public static IReadOnlyList<string> Select(IReadOnlyCollection<string>? models) => Select(models, All);

    /// <summary>
    /// The names in <paramref name="models"/> in the order of <paramref name="all"/>, each once; all of them when null.
    /// </summary>
    /// <exception cref="EncoreException">A name is not in <paramref name="all"/>, or the list is empty.</exception>
    public static IReadOnlyList<string> Select(IReadOnlyCollection<string>? models, IReadOnlyList<string> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (models is null)
        {
            return all;
        }

        foreach (var model in models)
        {
            if (!all.Contains(model))
            {
                throw new EncoreException($"--models: '{model}' is not a model; choose from {string.Join(", ", all)}.");
            }
        }

        var selected = all.Where(models.Contains).ToArray();
        return selected.Length > 0 ? selected : throw new EncoreException("--models: give at least one model.");
    }
}
