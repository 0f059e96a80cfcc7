using Encore.Core.Data.Interactions;
using Encore.Core.Models;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;

namespace Encore.Core.Ranking.Candidates;

/// <summary>What the candidate sources are built from: one history (the fit part when training, all of train when scoring).</summary>
/// <param name="History">Listens before the history's end, rows = the model's users.</param>
/// <param name="PlayCounts">Users×items plays of the same listens: the chart, and what each user has heard.</param>
/// <param name="Als">ALS fitted on the same listens.</param>
/// <param name="Similar">Similar tracks, internal ids.</param>
/// <param name="Tags">Artists, albums and genres of the items.</param>
/// <param name="Options">The ranker's options.</param>
public sealed record CandidateInputs(
    ListeningHistory History, SparseMatrix PlayCounts, AlsRecommender Als, SimilarItemsIndex Similar, CatalogTags Tags, RankerOptions Options)
{
    private readonly Lazy<UserLists> _recent = new(() => RecentListens.FromEvents(History.ToEventLog(), Options.HistoryLength));

    /// <summary>Each user's last <see cref="RankerOptions.HistoryLength"/> distinct listens, most recent first (built once, on first use).</summary>
    public UserLists Recent => _recent.Value;

    /// <summary>
    /// <see cref="Als"/>'s lists already found (train's als_candidates.bin), the same bit for bit as its search, or
    /// null: the ALS source then searches <see cref="Als"/>.
    /// </summary>
    public IBatchRecommender? AlsLists { get; init; }
}
