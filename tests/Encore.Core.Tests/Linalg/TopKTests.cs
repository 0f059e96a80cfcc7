using Encore.Core.Linalg;
using Encore.Core.Randomness;

namespace Encore.Core.Tests.Linalg;

public sealed class TopKTests
{
    [Fact]
    public void SelectsBestScoresFirstWithTiesBrokenByLowerId()
    {
        float[] scores = [0.5f, 0.9f, 0.1f, 0.9f, 0.7f, 0.5f];
        var ids = new int[4];
        var best = new float[4];
        var n = TopK.Select(scores, default, ids, best);
        Assert.Equal(4, n);
        Assert.Equal([1, 3, 4, 0], ids);
        Assert.Equal([0.9f, 0.9f, 0.7f, 0.5f], best);
    }

    [Fact]
    public void SkipsExcludedIdsAndNaN()
    {
        float[] scores = [0.5f, 0.9f, float.NaN, 0.8f, 0.7f];
        var ids = new int[2];
        var best = new float[2];
        var n = TopK.Select(scores, [1, 3], ids, best);
        Assert.Equal(2, n);
        Assert.Equal([4, 0], ids);
    }

    [Fact]
    public void ReturnsFewerWhenFewerCandidatesRemain()
    {
        var ids = new int[5];
        var best = new float[5];
        Assert.Equal(2, TopK.Select([1f, 2f, 3f], [0], ids, best));
        Assert.Equal([2, 1], ids[..2]);
    }

    [Fact]
    public void AgreesWithAFullSortOnRandomScores()
    {
        var random = new SplitMix64(9);
        var scores = new float[1000];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = MathF.Round(random.NextSingle() * 50f);
        }

        int[] exclude = [3, 10, 500, 999];
        var expected = Enumerable.Range(0, scores.Length).Where(i => !exclude.Contains(i))
            .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(25).ToArray();
        var ids = new int[25];
        var best = new float[25];
        TopK.Select(scores, exclude, ids, best);
        Assert.Equal(expected, ids);
    }
}
