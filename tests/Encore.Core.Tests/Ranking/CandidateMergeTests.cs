using Encore.Core.Ranking;

namespace Encore.Core.Tests.Ranking;

public sealed class CandidateMergeTests
{
    // Positions of the default sources.
    private const int Als = 0;
    private const int Similar = 1;
    private const int Popular = 2;

    [Fact]
    public void ATrackProposedBySeveralSourcesBecomesOneCandidateWithEachSourcesRankAndScore()
    {
        Candidate[] proposals =
        [
            Candidate.Proposed(Als, 7, 0, 0.9f),
            Candidate.Proposed(Als, 3, 1, 0.8f),
            Candidate.Proposed(Similar, 3, 0, 0.6f),
            Candidate.Proposed(Popular, 5, 0, 0.1f),
            Candidate.Proposed(Popular, 3, 2, 0.05f),
        ];

        var count = Candidate.Merge(proposals);

        Assert.Equal(3, count);
        Assert.Equal([3, 5, 7], proposals[..count].Select(c => c.Item));
        var three = proposals[0];
        Assert.Equal((2f, 0.8f, 1f, 0.6f, 3f, 3), (three.Ranks[Als], three.Scores[Als], three.Ranks[Similar], three.Scores[Similar], three.Ranks[Popular], three.SourceCount));
        var five = proposals[1];
        Assert.True(float.IsNaN(five.Ranks[Als]) && float.IsNaN(five.Scores[Als]) && float.IsNaN(five.Scores[Similar]));
        Assert.Equal((1f, 1), (five.Ranks[Popular], five.SourceCount));
        Assert.Equal((1f, 0.9f, 1), (proposals[2].Ranks[Als], proposals[2].Scores[Als], proposals[2].SourceCount));
    }

    [Fact]
    public void NoProposalsMergeToNothing() => Assert.Equal(0, Candidate.Merge([]));

    // More proposals than the merge's first buffers hold, in random order: each track once, ascending, with every
    // source's rank and score, as a merge by a plain sort on the item gives them.
    [Fact]
    public void ALongShuffledListMergesAsASortByItem()
    {
        var random = new Random(3);
        var proposals = new List<Candidate>();
        for (var source = 0; source < 3; source++)
        {
            int[] items = [.. Enumerable.Range(0, 400).Where(_ => random.Next(3) > 0)];
            for (var rank = 0; rank < items.Length; rank++)
            {
                proposals.Add(Candidate.Proposed(source, items[rank] * 7, rank, (float)random.NextDouble()));
            }
        }

        var shuffled = proposals.OrderBy(_ => random.Next()).ToArray();
        var expected = shuffled.GroupBy(c => c.Item).OrderBy(g => g.Key).ToArray();

        var count = Candidate.Merge(shuffled);

        Assert.Equal(expected.Length, count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(expected[i].Key, shuffled[i].Item);
            Assert.Equal(expected[i].Count(), shuffled[i].SourceCount);
            foreach (var proposal in expected[i])
            {
                var source = Enumerable.Range(0, 3).Single(s => !float.IsNaN(proposal.Ranks[s]));
                Assert.Equal((proposal.Ranks[source], proposal.Scores[source]), (shuffled[i].Ranks[source], shuffled[i].Scores[source]));
            }
        }
    }
}
