using Encore.Core.Models;
using Encore.Core.Models.Similar;

namespace Encore.Core.Ranking.Candidates;

/// <summary>Tracks similar to the user's recent listens (similar.parquet): <c>similar_score</c> and <c>similar_rank</c>.</summary>
public sealed class SimilarCandidates() : CandidateSource("similar")
{
    public override string EvaluatedModel => "similar_to_history";

    public override int ReportOrder => 2;

    public override string Label => "similar to recent listens";

    public override int Count(RankerOptions options) => options.SimilarCandidates;

    public override IRecommender Create(CandidateInputs inputs) =>
        new SimilarToRecentListens(new SimilarToHistory(inputs.Similar), inputs.Recent);
}
