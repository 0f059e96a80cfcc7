using Encore.Core.Models;

namespace Encore.Core.Ranking.Candidates;

/// <summary>ALS's best unheard tracks: <c>als_score</c> (xᵤᵀyᵢ) and <c>als_rank</c>.</summary>
public sealed class AlsCandidates() : CandidateSource("als")
{
    public override string EvaluatedModel => "als";

    public override int ReportOrder => 1;

    public override string Label => "ALS";

    public override int Count(RankerOptions options) => options.AlsCandidates;

    public override IRecommender Create(CandidateInputs inputs) => inputs.AlsLists ?? inputs.Als;
}
