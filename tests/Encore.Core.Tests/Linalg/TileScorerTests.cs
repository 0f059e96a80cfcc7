using Encore.Core.Linalg;

namespace Encore.Core.Tests.Linalg;

public sealed class TileScorerTests
{
    public static readonly TheoryData<SimdWidth, int, int, int, int> Cases = SimdWidths.Cross((50, 1000, 13, 7), (16, 33, 8, 40), (3, 70, 64, 5));

    [Theory]
    [MemberData(nameof(Cases))]
    public void TiledTopKEqualsSelectingFromFactorOrderFmaScoresAtEveryWidth(SimdWidth width, int f, int n, int queries, int k)
    {
        SimdWidths.Require(width);
        var random = new Random(f + n);
        var items = Fill(new FactorMatrix(n, f), random);
        var users = Fill(new FactorMatrix(queries, f), random);
        var rows = new int[queries];
        for (var b = 0; b < queries; b++)
        {
            rows[b] = queries - 1 - b;
        }

        // Every third item is excluded for odd users; two items tie exactly for every user.
        items.Row(1).CopyTo(items.Row(n - 1));
        ExclusionOf exclude = u => u % 2 == 1 ? Enumerable.Range(0, n).Where(i => i % 3 == 0).ToArray() : default;
        var scorer = new TileScorer(items, f, width);
        var batch = new TopKBatch(queries, k);
        scorer.Select(users, rows, exclude, batch, 0, new float[scorer.ScratchLength]);

        var scores = new float[n];
        var ids = new int[k];
        var best = new float[k];
        for (var b = 0; b < queries; b++)
        {
            var x = users.Row(rows[b]);
            for (var i = 0; i < n; i++)
            {
                var s = 0f;
                var y = items.Row(i);
                for (var j = 0; j < f; j++)
                {
                    s = MathF.FusedMultiplyAdd(x[j], y[j], s);
                }

                scores[i] = s;
            }

            var count = TopK.Select(scores, exclude(rows[b]), ids, best);
            Assert.Equal(ids[..count], batch.Items(b).ToArray());
            Assert.Equal(best[..count], batch.Scores(b).ToArray());
        }
    }

    private static FactorMatrix Fill(FactorMatrix matrix, Random random)
    {
        var data = matrix.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() - 0.5);
        }

        return matrix;
    }
}
