using Encore.Core.Linalg;
using Encore.Core.Randomness;

namespace Encore.Core.Tests.Linalg;

public sealed class KernelTests
{
    public static readonly TheoryData<int> Lengths = new([0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129]);

    public static IEnumerable<SimdWidth> Widths()
    {
        foreach (var width in new[] { SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            if (Simd.IsSupported(width))
            {
                yield return width;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SparseGramProductMatchesScalarAtEveryWidth(int f)
    {
        var random = new SplitMix64((ulong)f + 11);
        var factors = RandomArray(ref random, 40 * f);
        var gram = RandomArray(ref random, f * f);
        var v = RandomArray(ref random, f);
        int[] ids = [3, 7, 8, 21, 39];
        float[] confidence = [1f, 2f, 5f, 1.5f, 3f];
        foreach (var (scale, beta, gamma) in new[] { (1f, 0f, 1f), (-1f, 1f, -1f), (1f, -2f, 1f) })
        {
            var expected = new float[f];
            SparseGramProduct.ComputeScalar(gram, factors, f, ids, confidence, v, expected, scale, beta, gamma);
            foreach (var width in Widths())
            {
                var actual = new float[f];
                SparseGramProduct.Compute(gram, factors, f, ids, confidence, v, actual, scale, beta, gamma, width);
                AssertClose(expected, actual);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void GramMatchesScalarAtEveryWidth(int f)
    {
        var random = new SplitMix64((ulong)f + 5);
        const int rows = 37;
        var y = RandomArray(ref random, rows * f);
        var expected = new float[f * f];
        Gram.AccumulateScalar(y, rows, f, expected);
        foreach (var width in Widths().Append(SimdWidth.Scalar))
        {
            var actual = new float[f * f];
            Gram.AccumulateUpper(y, rows, f, actual, width);
            Gram.Symmetrize(actual, f);
            AssertClose(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MatVecMatchesScalarAtEveryWidth(int f)
    {
        var random = new SplitMix64((ulong)f + 17);
        const int rows = 11;
        var y = RandomArray(ref random, rows * f);
        var x = RandomArray(ref random, f);
        var expected = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < f; j++)
            {
                expected[i] += y[(i * f) + j] * x[j];
            }
        }

        foreach (var width in Widths().Append(SimdWidth.Scalar))
        {
            var actual = new float[rows];
            MatVec.Multiply(y, f, x, actual, width);
            AssertClose(expected, actual);
        }
    }

    [Fact]
    public void FactorMatrixRowsStartOnA64ByteBoundaryAndAreContiguous()
    {
        var m = new FactorMatrix(3, 64);
        m.Row(1)[0] = 5f;
        Assert.Equal(5f, m.Data[64]);
        Assert.Equal(0UL, (ulong)m.DataAddress % 64);

        Assert.Throws<ArgumentOutOfRangeException>(() => m.Row(3));
    }

    private static float[] RandomArray(ref SplitMix64 random, int length)
    {
        var a = new float[length];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = random.NextSingle() - 0.5f;
        }

        return a;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                MathF.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + MathF.Abs(expected[i])),
                $"index {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
