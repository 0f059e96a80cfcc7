using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Encore.Core.Linalg;

/// <summary>Scores of every row of a factor matrix against one vector (s = Y·x), the first half of recommending.</summary>
internal static class MatVec
{
    /// <summary>scores[i] = rows[i]·x for the first <c>scores.Length</c> rows of f floats each.</summary>
    public static void Multiply(ReadOnlySpan<float> rows, int f, ReadOnlySpan<float> x, Span<float> scores, SimdWidth width)
    {
        if (rows.Length < scores.Length * f || x.Length < f)
        {
            throw new ArgumentException("Spans are shorter than the shape.");
        }

        var done = width == SimdWidth.Vector512 && f % 16 == 0 && f > 0 ? Multiply512(rows, f, x, scores) : 0;
        for (var i = done; i < scores.Length; i++)
        {
            scores[i] = TensorPrimitives.Dot(rows.Slice(i * f, f), x);
        }
    }

    /// <summary>
    /// Scores many query vectors against all rows: row b of <paramref name="scores"/> (<paramref name="n"/> floats)
    /// holds rows·queries.Row(queryRows[b]). Rows go in tiles that stay in L2 across the queries, so they stream
    /// from memory once per block of queries instead of once per query (one query alone is memory-bound).
    /// </summary>
    public static void MultiplyBlocked(
        ReadOnlySpan<float> rows, int f, int n, FactorMatrix queries, ReadOnlySpan<int> queryRows, Span<float> scores, SimdWidth width)
    {
        for (var i0 = 0; i0 < n; i0 += Tile)
        {
            var count = Math.Min(Tile, n - i0);
            var tile = rows.Slice(i0 * f, count * f);
            for (var b = 0; b < queryRows.Length; b++)
            {
                Multiply(tile, f, queries.Row(queryRows[b]), scores.Slice((b * n) + i0, count), width);
            }
        }
    }

    private const int Tile = 512;

    // Four rows per step, their dots reduced together (see SparseGramProduct.SumFour).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Multiply512(ReadOnlySpan<float> rows, int f, ReadOnlySpan<float> x, Span<float> scores)
    {
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var s = ref MemoryMarshal.GetReference(scores);
        var n = scores.Length / 4 * 4;
        for (var i = 0; i < n; i += 4)
        {
            ref var a = ref Unsafe.Add(ref r0, (nint)i * f);
            ref var b = ref Unsafe.Add(ref a, f);
            ref var c = ref Unsafe.Add(ref b, f);
            ref var d = ref Unsafe.Add(ref c, f);
            Vector512<float> sa = default, sb = default, sc = default, sd = default;
            for (var j = 0; j < f; j += 16)
            {
                var xv = Vector512.LoadUnsafe(ref xr, (nuint)j);
                sa = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)j), xv, sa);
                sb = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref b, (nuint)j), xv, sb);
                sc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref c, (nuint)j), xv, sc);
                sd = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref d, (nuint)j), xv, sd);
            }

            SparseGramProduct.SumFour(sa, sb, sc, sd).StoreUnsafe(ref s, (nuint)i);
        }

        return n;
    }
}
