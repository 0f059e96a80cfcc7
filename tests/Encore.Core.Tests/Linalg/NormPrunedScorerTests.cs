using Encore.Core.Linalg;

namespace Encore.Core.Tests.Linalg;

public sealed class NormPrunedScorerTests
{
    public static readonly TheoryData<SimdWidth, int, int, int, int> Cases =
        SimdWidths.Cross((50, 5000, 300, 50), (16, 700, 40, 10), (3, 90, 20, 7), (50, 2000, 64, 1));

    // The brute-force reference is the scalar tile scorer, so every width is also checked against the others.
    [Theory]
    [MemberData(nameof(Cases))]
    public void PrunedListsEqualTheBruteForceListsWithTiesZeroUsersAndExclusionsAtEveryWidth(SimdWidth width, int f, int n, int queries, int k)
    {
        SimdWidths.Require(width);
        var random = new Random(f + n + k);
        var items = SpreadNorms(new FactorMatrix(n, f), random);
        var users = SpreadNorms(new FactorMatrix(queries, f), random);

        // Exact ties: duplicated items (a high-norm one and a low-norm one), and a user with zero factors.
        items.Row(0).CopyTo(items.Row(n - 1));
        items.Row(n / 2).CopyTo(items.Row(3));
        users.Row(1).Clear();
        var heard = new int[queries][];
        for (var u = 0; u < queries; u++)
        {
            // Odd users heard every fifth item, user 2 heard the item it likes most (so the list must go past it).
            heard[u] = u % 2 == 1 ? Enumerable.Range(0, n).Where(i => i % 5 == 0).ToArray() : [];
        }

        heard[2] = [Best(items, users.Row(2))];
        ExclusionOf exclude = u => heard[u];

        var expected = Run(new TileScorer(items, f, SimdWidth.Scalar), users, queries, k, exclude);
        var pruned = new NormPrunedScorer(items, f, width);
        var actual = new TopKBatch(queries, k);
        var scratch = new float[pruned.ScratchLength];
        var rows = Enumerable.Range(0, queries).ToArray();
        for (var start = 0; start < queries; start += NormPrunedScorer.QueryBlock)
        {
            var length = Math.Min(NormPrunedScorer.QueryBlock, queries - start);
            pruned.Select(users, rows.AsSpan(start, length), exclude, actual, start, scratch);
        }

        for (var u = 0; u < queries; u++)
        {
            Assert.Equal(expected.Items(u).ToArray(), actual.Items(u).ToArray());
            Assert.Equal(expected.Scores(u).ToArray(), actual.Scores(u).ToArray());
        }

        Assert.DoesNotContain(heard[2][0], actual.Items(2).ToArray());
    }

    public static readonly TheoryData<SimdWidth, int, int, int, int> SingleCases =
        SimdWidths.Cross((50, 5000, 40, 100), (16, 700, 40, 10), (3, 90, 20, 7), (50, 2000, 16, 1), (8, 40, 6, 60));

    // The request path (fold-in): one query at a time must give the batch path's lists, whatever the tile grouping.
    [Theory]
    [MemberData(nameof(SingleCases))]
    public void OneQueryAtATimeGivesTheBruteForceListsAndScoreBitsAtEveryWidth(SimdWidth width, int f, int n, int queries, int k)
    {
        SimdWidths.Require(width);
        var random = new Random(f + n + k + 1);
        var items = SpreadNorms(new FactorMatrix(n, f), random);
        var users = SpreadNorms(new FactorMatrix(queries, f), random);
        items.Row(0).CopyTo(items.Row(n - 1));
        items.Row(n / 2).CopyTo(items.Row(3));
        users.Row(1).Clear();
        var heard = new int[queries][];
        for (var u = 0; u < queries; u++)
        {
            heard[u] = u % 2 == 1 ? Enumerable.Range(0, n).Where(i => i % 5 == 0).ToArray() : [Best(items, users.Row(u))];
        }

        var expected = Run(new TileScorer(items, f, SimdWidth.Scalar), users, queries, k, u => heard[u]);
        var pruned = new NormPrunedScorer(items, f, width);
        for (var u = 0; u < queries; u++)
        {
            var ids = new int[k];
            var scores = new float[k];
            var count = pruned.SelectOne(users.Row(u), heard[u], ids, scores);

            Assert.Equal(expected.Items(u).ToArray(), ids[..count]);
            Assert.Equal(expected.Scores(u).ToArray(), scores[..count]);
        }

        Assert.InRange(pruned.ScoredItems, 1, (long)queries * (n + 32));
    }

    [Theory]
    [MemberData(nameof(SimdWidths.All), MemberType = typeof(SimdWidths))]
    public void PruningSkipsMostItemsWhenNormsAreSpreadAtEveryWidth(SimdWidth width)
    {
        SimdWidths.Require(width);
        const int N = 20_000, F = 16, Queries = 256, K = 10;
        var random = new Random(3);
        var items = SpreadNorms(new FactorMatrix(N, F), random);
        var users = SpreadNorms(new FactorMatrix(Queries, F), random);
        var pruned = new NormPrunedScorer(items, F, width);

        pruned.Select(users, Enumerable.Range(0, Queries).ToArray(), _ => default, new TopKBatch(Queries, K), 0, new float[pruned.ScratchLength]);

        Assert.InRange(pruned.ScoredItems, Queries * K, (long)Queries * N / 2);
    }

    [Theory]
    [MemberData(nameof(SimdWidths.All), MemberType = typeof(SimdWidths))]
    public void OneQueryAtATimeAlsoStopsEarlyWhenNormsAreSpreadAtEveryWidth(SimdWidth width)
    {
        SimdWidths.Require(width);
        const int N = 20_000, F = 16, Queries = 64, K = 10;
        var random = new Random(3);
        var items = SpreadNorms(new FactorMatrix(N, F), random);
        var users = SpreadNorms(new FactorMatrix(Queries, F), random);
        var pruned = new NormPrunedScorer(items, F, width);

        for (var u = 0; u < Queries; u++)
        {
            Assert.Equal(K, pruned.SelectOne(users.Row(u), [], new int[K], new float[K]));
        }

        Assert.InRange(pruned.ScoredItems, Queries * K, (long)Queries * N / 2);
    }

    private static TopKBatch Run(TileScorer scorer, FactorMatrix users, int queries, int k, ExclusionOf exclude)
    {
        var batch = new TopKBatch(queries, k);
        var scratch = new float[scorer.ScratchLength];
        var rows = Enumerable.Range(0, queries).ToArray();
        for (var start = 0; start < queries; start += TileScorer.QueryBlock)
        {
            var length = Math.Min(TileScorer.QueryBlock, queries - start);
            scorer.Select(users, rows.AsSpan(start, length), exclude, batch, start, scratch);
        }

        return batch;
    }

    private static int Best(FactorMatrix items, ReadOnlySpan<float> user)
    {
        var best = 0;
        var bestScore = float.NegativeInfinity;
        for (var i = 0; i < items.Rows; i++)
        {
            var s = 0f;
            var y = items.Row(i);
            for (var j = 0; j < user.Length; j++)
            {
                s = MathF.FusedMultiplyAdd(user[j], y[j], s);
            }

            if (s > bestScore)
            {
                (best, bestScore) = (i, s);
            }
        }

        return best;
    }

    // Rows of random direction and log-normally spread length, as ALS factors of popular and rare items.
    private static FactorMatrix SpreadNorms(FactorMatrix matrix, Random random)
    {
        for (var i = 0; i < matrix.Rows; i++)
        {
            var scale = (float)Math.Exp(random.NextDouble() * 3);
            var row = matrix.Row(i);
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = (float)(random.NextDouble() - 0.45) * scale;
            }
        }

        return matrix;
    }
}
