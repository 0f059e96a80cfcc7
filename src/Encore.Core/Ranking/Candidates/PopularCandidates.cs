using Encore.Core.Models;
using Encore.Core.Models.TopPopular;

namespace Encore.Core.Ranking.Candidates;

/// <summary>The most played tracks the user has not heard: <c>popular_rank</c> only, the chart's share says no more.</summary>
public sealed class PopularCandidates() : CandidateSource("popular", scoreFeature: false)
{
    public override string EvaluatedModel => "top_popular";

    public override int ReportOrder => 0;

    public override string Label => "top popular";

    public override int Count(RankerOptions options) => options.PopularCandidates;

    public override IRecommender Create(CandidateInputs inputs)
    {
        // Heard tracks are skipped, so the chart must run deeper than the candidates it gives.
        var chart = new TopPopularRecommender(Math.Max(100, 4 * inputs.Options.PopularCandidates));
        chart.Fit(inputs.PlayCounts);
        return chart;
    }
}
