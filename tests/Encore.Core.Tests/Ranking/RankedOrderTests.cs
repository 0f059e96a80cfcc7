using Encore.Core.Ranking;

namespace Encore.Core.Tests.Ranking;

public sealed class RankedOrderTests
{
    // The batch ranker sorts each user's candidates by these keys; their order must be the comparison's: score
    // descending, then item ascending, with −0 and +0 one score and −∞ (rows left out of the shortlist) last.
    [Fact]
    public void ScoreThenItemKeysSortAsScoreDescendingThenItem()
    {
        var random = new Random(5);
        float[] special = [0f, -0f, float.NegativeInfinity, float.PositiveInfinity, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1f, -1f];
        var pairs = new List<(float Score, int Item)>();
        for (var i = 0; i < 2000; i++)
        {
            var score = random.Next(4) == 0 ? special[random.Next(special.Length)] : (float)((random.NextDouble() - 0.5) * 10);
            pairs.Add((score, random.Next(int.MaxValue)));
        }

        var expected = pairs.ToArray();
        Array.Sort(expected, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        var actual = pairs.OrderBy(p => RankerTrainer.ScoreThenItem(p.Score, p.Item)).ToArray();

        Assert.Equal(expected.Select(p => p.Item), actual.Select(p => p.Item));
    }
}
