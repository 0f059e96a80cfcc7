using Encore.Core.Artifacts;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Ranking;

/// <summary>What <see cref="RankerTrainer.Train(string, string, RankerOptions, IProgress{ProgressUpdate}?, CancellationToken)"/> did.</summary>
/// <param name="TrainUsers">Users whose candidates were training rows.</param>
/// <param name="TrainRows">Training rows after negative sampling.</param>
/// <param name="TrainPositives">Training rows labelled 1.</param>
/// <param name="Recall">Candidate recall in the label window, overall and per source.</param>
/// <param name="Users">Users with recommendations.</param>
/// <param name="Rows">Rows of recommendations.parquet.</param>
/// <param name="Importance">Total split gain per feature, largest first.</param>
/// <param name="TimingsSeconds">Seconds per phase.</param>
/// <param name="Files">What was written, with hashes, as manifest.json lists it.</param>
public sealed record RankerSummary(
    int TrainUsers,
    long TrainRows,
    long TrainPositives,
    CandidateRecall Recall,
    int Users,
    long Rows,
    IReadOnlyList<FeatureImportance> Importance,
    IReadOnlyList<KeyValuePair<string, double>> TimingsSeconds,
    IReadOnlyList<ManifestFile> Files);

/// <summary>How many of the label window's new tracks the candidates held: all sources together and each alone.</summary>
/// <param name="NewListens">Label-window listens of tracks new to the listener.</param>
/// <param name="All">The share the candidates of all sources held.</param>
/// <param name="Sources">Each registered source's name and share alone, in registered order.</param>
public sealed record CandidateRecall(long NewListens, double All, IReadOnlyList<KeyValuePair<string, double>> Sources)
{
    /// <summary>The recall of the source named <paramref name="source"/> alone; NaN when it is not registered.</summary>
    public double Of(string source)
    {
        foreach (var (name, recall) in Sources)
        {
            if (name == source)
            {
                return recall;
            }
        }

        return double.NaN;
    }
}
