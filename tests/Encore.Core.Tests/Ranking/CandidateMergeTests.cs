using Encore.Core.Ranking;

namespace Encore.Core.Tests.Ranking;

public sealed class CandidateMergeTests
{
    [Fact]
    public void ATrackProposedBySeveralSourcesBecomesOneCandidateWithEachSourcesRankAndScore()
    {
        Candidate[] proposals =
        [
            Candidate.Proposed(CandidateSource.Als, 7, 0, 0.9f),
            Candidate.Proposed(CandidateSource.Als, 3, 1, 0.8f),
            Candidate.Proposed(CandidateSource.Similar, 3, 0, 0.6f),
            Candidate.Proposed(CandidateSource.Popular, 5, 0, 0.1f),
            Candidate.Proposed(CandidateSource.Popular, 3, 2, 0.05f),
        ];

        var count = Candidate.Merge(proposals);

        Assert.Equal(3, count);
        Assert.Equal([3, 5, 7], proposals[..count].Select(c => c.Item));
        var three = proposals[0];
        Assert.Equal((2f, 0.8f, 1f, 0.6f, 3f, 3), (three.AlsRank, three.AlsScore, three.SimilarRank, three.SimilarScore, three.PopularRank, three.SourceCount));
        var five = proposals[1];
        Assert.True(float.IsNaN(five.AlsRank) && float.IsNaN(five.AlsScore) && float.IsNaN(five.SimilarScore));
        Assert.Equal((1f, 1), (five.PopularRank, five.SourceCount));
        Assert.Equal((1f, 0.9f, 1), (proposals[2].AlsRank, proposals[2].AlsScore, proposals[2].SourceCount));
    }

    [Fact]
    public void NoProposalsMergeToNothing() => Assert.Equal(0, Candidate.Merge([]));
}
