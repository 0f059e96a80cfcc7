using System.Numerics.Tensors;
using Encore.Core.Linalg;

namespace Encore.Core.Tests.Linalg;

public sealed class ClusteredTopKTests
{
    private const int Rounds = 2;

    // (k, threads, rows, factors): k = 1, 10 and 50, one and two threads, factor counts below, at and above a multiple of 16.
    public static readonly TheoryData<SimdWidth, int, int, int, int> Cases =
        SimdWidths.Cross((1, 1, 700, 12), (10, 1, 3000, 16), (10, 2, 3000, 50), (50, 2, 1500, 8), (50, 1, 900, 33));

    // The fast rounds drop duplicates, i, the row's own list and exclusions before scoring and score the rest eight
    // at a time in rows' cluster order: the lists must still be the one-at-a-time reference's, ids, order and bits.
    [Theory]
    [MemberData(nameof(Cases))]
    public void RefinementGivesTheReferenceListsBitForBitWithTiesZeroAndNaNRowsAndExclusions(SimdWidth width, int k, int threads, int n, int f)
    {
        SimdWidths.Require(width);
        var unit = UnitRows(n, f, seed: n + f + k);

        // Exact ties: pairs of equal rows; rows with zero factors; a row with NaN factors.
        for (var t = 0; t < 20; t++)
        {
            unit.Row(2 * t).CopyTo(unit.Row((2 * t) + 1));
        }

        unit.Row(n - 1).Clear();
        unit.Row(n - 2).Clear();
        unit.Row(n - 3)[0] = float.NaN;

        // Every row leaves itself out; the first pairs also leave out their twin (found again through the neighbours'
        // lists, where the twin ranks high) and every fifth row some other row.
        var excluded = new int[n][];
        for (var i = 0; i < n; i++)
        {
            var set = new SortedSet<int> { i };
            if (i < 40)
            {
                set.Add(i ^ 1);
            }

            if (i % 5 == 0)
            {
                set.Add(((i * 31) + 7) % n);
            }

            excluded[i] = [.. set];
        }

        ExclusionOf exclude = i => excluded[i];
        var cancellation = TestContext.Current.CancellationToken;
        var search = new ClusteredTopK(unit, f, clusters: 24, probes: 3, sampleSize: n, iterations: 5, seed: 7, threads, width);
        var initial = new TopKBatch(n, k);
        search.SelectAll(initial, exclude, cancellationToken: cancellation);
        var expected = Copy(initial);
        var actual = Copy(initial);

        var before = search.ScoredPairs;
        search.RefineReference(expected, exclude, Rounds, cancellation);
        var referencePairs = search.ScoredPairs - before;
        before = search.ScoredPairs;
        search.Refine(actual, exclude, Rounds, cancellation);
        var fastPairs = search.ScoredPairs - before;

        var changed = 0;
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expected.Items(i).ToArray(), actual.Items(i).ToArray());
            Assert.Equal(Bits(expected.Scores(i)), Bits(actual.Scores(i)));
            Assert.Empty(actual.Items(i).ToArray().Intersect(excluded[i]));
            changed += expected.Items(i).SequenceEqual(initial.Items(i)) ? 0 : 1;
        }

        Assert.Empty(actual.Items(n - 3).ToArray());

        // The case is not trivial: refinement moved lists; and the fast rounds scored each candidate once, where the
        // reference scores a candidate again for every neighbour that lists it (at k = 1 each row has one candidate).
        Assert.InRange(changed, 1, n);
        Assert.InRange(fastPairs, 1, k == 1 ? referencePairs : referencePairs - 1);
    }

    // Unit rows loosely around random centres (so true neighbours often lie in unprobed clusters), padded to a multiple of 16 columns as the search keeps them.
    private static FactorMatrix UnitRows(int n, int f, int seed)
    {
        var random = new Random(seed);
        var centres = new float[30, f];
        for (var c = 0; c < 30; c++)
        {
            for (var j = 0; j < f; j++)
            {
                centres[c, j] = (float)(random.NextDouble() - 0.5);
            }
        }

        var unit = new FactorMatrix(n, (f + 15) / 16 * 16);
        for (var i = 0; i < n; i++)
        {
            var c = random.Next(30);
            var row = unit.Row(i)[..f];
            for (var j = 0; j < f; j++)
            {
                row[j] = centres[c, j] + (float)((random.NextDouble() - 0.5) * 2);
            }

            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }

        return unit;
    }

    private static TopKBatch Copy(TopKBatch source)
    {
        var copy = new TopKBatch(source.Rows, source.K);
        for (var i = 0; i < source.Rows; i++)
        {
            source.Items(i).CopyTo(copy.ItemSlot(i));
            source.Scores(i).CopyTo(copy.ScoreSlot(i));
            copy.SetCount(i, source.Count(i));
        }

        return copy;
    }

    private static int[] Bits(ReadOnlySpan<float> scores)
    {
        var bits = new int[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(scores[i]);
        }

        return bits;
    }
}
