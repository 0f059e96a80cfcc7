using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;

namespace Encore.Core.Ranking.Candidates;

/// <summary>What the candidate sources are built from: one history (the fit part when training, all of train when scoring).</summary>
public sealed class CandidateInputs
{
    private readonly Lazy<UserLists> _recent;

    /// <param name="history">Listens before the history's end, rows = the model's users.</param>
    /// <param name="playCounts">Users×items plays of the same listens: the chart, and what each user has heard.</param>
    /// <param name="als">ALS fitted on the same listens.</param>
    /// <param name="similar">Similar tracks, internal ids.</param>
    /// <param name="tags">Artists, albums and genres of the items.</param>
    /// <param name="options">The ranker's options.</param>
    public CandidateInputs(ListeningHistory history, SparseMatrix playCounts, AlsRecommender als, SimilarItemsIndex similar, CatalogTags tags, RankerOptions options)
    {
        History = history;
        PlayCounts = playCounts;
        Als = als;
        Similar = similar;
        Tags = tags;
        Options = options;
        _recent = new(() => RecentListens.FromEvents(history.ToEventLog(), options.HistoryLength));
    }

    public ListeningHistory History { get; }

    public SparseMatrix PlayCounts { get; }

    public AlsRecommender Als { get; }

    public SimilarItemsIndex Similar { get; }

    public CatalogTags Tags { get; }

    public RankerOptions Options { get; }

    /// <summary>Each user's last <see cref="RankerOptions.HistoryLength"/> distinct listens, most recent first (built once, on first use).</summary>
    public UserLists Recent => _recent.Value;
}
