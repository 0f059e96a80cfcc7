using Encore.Core.Data.Interactions;
using Encore.Core.Ranking;

namespace Encore.Core.Tests.Ranking;

public sealed class TrainingRowsTests
{
    // User 0 heard track 45 before the window and played tracks 2, 40 and 45 in it; user 1 played nothing in it.
    // Heard tracks are never candidates, so candidates 0..39 hold one positive of user 0: track 2.
    private static readonly UserLists Labels = UserLists.FromPairs([0, 0, 0], [2, 40, 45]);
    private static readonly SparseMatrix Heard = SparseMatrix.FromCsr(2, 50, [0, 1, 1], [45], [1f]);

    private static Candidate[] Candidates(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Candidate.Proposed(i % 2 == 0 ? 0 : 1, i, i, 1f / (i + 1)))];

    [Fact]
    public void KeepsEveryPositiveAndTheNegativeQuotaLabelledInItemOrder()
    {
        var rows = new TrainingRows(Labels, Heard, negativesPerPositive: 3, seed: 1);
        var candidates = Candidates(30);
        var labels = new float[30];

        var kept = rows.Filter(0, candidates, labels);

        // Track 2 is the only candidate played in the window: 1 positive + 3 negatives.
        Assert.Equal(4, kept);
        Assert.Equal(1f, labels[..kept].Sum());
        Assert.Equal(1f, labels[Array.FindIndex(candidates[..kept], c => c.Item == 2)]);
        Assert.True(candidates[..kept].Select(c => c.Item).SequenceEqual(candidates[..kept].Select(c => c.Item).Order()));
        // New listens: 2 and 40 (45 was heard before); the candidates found 2, proposed by ALS.
        Assert.Equal((2L, 1L, 0.5), (rows.NewListens, rows.Found, rows.Recall));
        Assert.Equal(0.5, rows.RecallOf(0));
        Assert.Equal(0.0, rows.RecallOf(1));
    }

    [Fact]
    public void AUserWithNoListensInTheWindowKeepsOnlyNegatives()
    {
        var rows = new TrainingRows(Labels, Heard, negativesPerPositive: 3, seed: 1);
        var candidates = Candidates(10);
        var labels = new float[10];

        var kept = rows.Filter(1, candidates, labels);

        Assert.Equal(3, kept);
        Assert.All(labels[..kept], label => Assert.Equal(0f, label));
        Assert.Equal(0L, rows.NewListens);
        Assert.True(double.IsNaN(rows.Recall));
    }

    [Fact]
    public void TheNegativeSampleDependsOnlyOnTheSeedAndTheUser()
    {
        int[] Sample(int seed)
        {
            var candidates = Candidates(40);
            var kept = new TrainingRows(Labels, Heard, 5, seed).Filter(1, candidates, new float[40]);
            return [.. candidates[..kept].Select(c => c.Item)];
        }

        Assert.Equal(Sample(7), Sample(7));
        Assert.NotEqual(Sample(7), Sample(8));
    }
}
