using Encore.Core.Data.Interactions;
using Encore.Core.Models.Similar;

namespace Encore.Core.Serving;

/// <summary>Which artifacts a process loads: each role of the service needs only some.</summary>
[Flags]
public enum ServingParts
{
    None = 0,

    /// <summary>Per-user lists and the top-popular chart (the recommendations role).</summary>
    Recommendations = 1,

    /// <summary>similar.parquet (the features role, and online recommendations in one process).</summary>
    Similar = 2,

    /// <summary>items.parquet's names, artists and genres (details).</summary>
    Catalog = 4,

    All = Recommendations | Similar | Catalog,

    /// <summary>
    /// als_model.bin for request-time fold-in (<see cref="FoldInRecommender"/>): the ALS factors, the training matrix
    /// and YᵀY + λI. Not part of <see cref="All"/>: it costs memory and load time, so a process loads it only when
    /// configured to.
    /// </summary>
    FoldIn = 8,

    /// <summary>
    /// The live ranker (live_model.bin with the fold-in, <see cref="ILiveRecommender"/>), loaded by the
    /// <see cref="LiveLoader"/> given to <see cref="ServingSetLoader.Load(string, string?, ServingParts, LiveLoader?, CancellationToken)"/>.
    /// Not part of <see cref="All"/>.
    /// </summary>
    Live = 16,
}

/// <summary>
/// One loaded artifact set, immutable: requests read it without locks, and a reload builds a new one and swaps the
/// reference, so a request sees either the old set or the new one, never a mix.
/// </summary>
public sealed record ServingSet
{
    /// <summary>A set with nothing loaded.</summary>
    public static ServingSet Empty { get; } = new()
    {
        Directory = "",
        Offline = UserLists.Empty,
        OfflineFile = null,
        TopPopular = [],
        Similar = SimilarItemsIndex.Empty,
        Catalog = ItemCatalog.Empty,
    };

    /// <summary>The artifacts directory read.</summary>
    public required string Directory { get; init; }

    /// <summary>Personal lists (the ranker's, else ALS).</summary>
    public required UserLists Offline { get; init; }

    /// <summary>recommendations.parquet or personal_als.parquet; null when not loaded.</summary>
    public required string? OfflineFile { get; init; }

    /// <summary>The top-popular chart, rank 1 first.</summary>
    public required int[] TopPopular { get; init; }

    /// <summary>Similar tracks.</summary>
    public required SimilarItemsIndex Similar { get; init; }

    /// <summary>
    /// Request-time ALS fold-in; null when <see cref="ServingParts.FoldIn"/> was not asked for or the set has no
    /// als_model.bin (see <see cref="FoldInFile"/>).
    /// </summary>
    public FoldInRecommender? FoldIn { get; init; }

    /// <summary>The als_model.bin loaded for <see cref="FoldIn"/>, or null.</summary>
    public string? FoldInFile { get; init; }

    /// <summary>
    /// Request-time ranking; null when <see cref="ServingParts.Live"/> was not asked for or the set lacks the live
    /// model or the ALS model (the service then degrades to the blend).
    /// </summary>
    public ILiveRecommender? Live { get; init; }

    /// <summary>Track names, artists and genres; empty when items.parquet was not found.</summary>
    public required ItemCatalog Catalog { get; init; }

    /// <summary>The items.parquet read, or null.</summary>
    public string? CatalogFile { get; init; }

    /// <summary>
    /// The original user ids when the set was trained on a log with string user ids (user_ids.parquet): id i of every
    /// file of the set is <c>UserIds.ToOriginal(i)</c>. Null for a set of integer user ids, which are their own originals.
    /// </summary>
    public IdMap? UserIds { get; init; }

    /// <summary>As <see cref="UserIds"/>, for the tracks (item_ids.parquet).</summary>
    public IdMap? ItemIds { get; init; }

    /// <summary>manifest.json's created_utc, when the directory has one.</summary>
    public DateTime? TrainedUtc { get; init; }

    /// <summary>When loading finished.</summary>
    public DateTime LoadedUtc { get; init; }

    /// <summary>How long loading took.</summary>
    public TimeSpan LoadTime { get; init; }

    /// <summary>Seconds each part took to load (they load in parallel, so these add up to more than <see cref="LoadTime"/>).</summary>
    public IReadOnlyDictionary<string, double> PartSeconds { get; init; } = new Dictionary<string, double>();
}
