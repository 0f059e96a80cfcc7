using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Encore.Core.Linalg;

/// <summary>
/// The one product the conjugate-gradient ALS solver spends its time in:
/// <c>dst = s·G·v + Σₖ (β·cₖ + γ·(cₖ − 1)·(yₖ·v))·yₖ</c> over the observed items k of one row.
/// With s=1, β=0, γ=1 it is A·v for A = G + Yᵀ(Cᵤ − I)Y (Takács, Pilászy &amp; Tikk 2011), without forming A;
/// with s=−1, β=1, γ=−1 it is the residual b − A·v for b = YᵀCᵤp(u).
/// </summary>
/// <remarks>
/// Each yₖ is read once per call: its dot with v and its scaled add into dst share the loaded vectors.
/// The caller guarantees that every row id is within the factor matrix (they come from a checked CSR matrix).
/// </remarks>
internal static class SparseGramProduct
{
    public static void Compute(
        ReadOnlySpan<float> gram,
        ReadOnlySpan<float> factors,
        int f,
        ReadOnlySpan<int> rowIds,
        ReadOnlySpan<float> confidence,
        ReadOnlySpan<float> v,
        Span<float> destination,
        float denseScale,
        float beta,
        float gamma,
        SimdWidth width)
    {
        if (gram.Length < f * f || v.Length < f || destination.Length < f || confidence.Length < rowIds.Length)
        {
            throw new ArgumentException("Spans are shorter than the factor count.");
        }

        if (width == SimdWidth.Vector512 && f == 64)
        {
            Compute64(gram, factors, rowIds, confidence, v, destination, denseScale, beta, gamma);
        }
        else if (width == SimdWidth.Vector512)
        {
            Compute512(gram, factors, f, rowIds, confidence, v, destination, denseScale, beta, gamma);
        }
        else if (width == SimdWidth.Vector256)
        {
            Compute256(gram, factors, f, rowIds, confidence, v, destination, denseScale, beta, gamma);
        }
        else
        {
            ComputeScalar(gram, factors, f, rowIds, confidence, v, destination, denseScale, beta, gamma);
        }
    }

    /// <summary>The reference, in the order the formula reads.</summary>
    public static void ComputeScalar(
        ReadOnlySpan<float> gram, ReadOnlySpan<float> factors, int f, ReadOnlySpan<int> rowIds,
        ReadOnlySpan<float> confidence, ReadOnlySpan<float> v, Span<float> destination, float denseScale, float beta, float gamma)
    {
        var dst = destination[..f];
        dst.Clear();
        for (var j = 0; j < f; j++)
        {
            var s = denseScale * v[j];
            var g = gram.Slice(j * f, f);
            for (var c = 0; c < f; c++)
            {
                dst[c] += s * g[c];
            }
        }

        for (var k = 0; k < rowIds.Length; k++)
        {
            var y = factors.Slice(rowIds[k] * f, f);
            var d = 0f;
            for (var c = 0; c < f; c++)
            {
                d += y[c] * v[c];
            }

            var conf = confidence[k];
            var t = (beta * conf) + (gamma * (conf - 1f) * d);
            for (var c = 0; c < f; c++)
            {
                dst[c] += t * y[c];
            }
        }
    }

    // f = 64 on AVX-512: v and dst live in 4+8 registers for the whole call.
    private static void Compute64(
        ReadOnlySpan<float> gram, ReadOnlySpan<float> factors, ReadOnlySpan<int> rowIds,
        ReadOnlySpan<float> confidence, ReadOnlySpan<float> v, Span<float> destination, float denseScale, float beta, float gamma)
    {
        const int f = 64;
        ref var g = ref MemoryMarshal.GetReference(gram);
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var y0 = ref MemoryMarshal.GetReference(factors);

        // Two accumulator sets halve the FMA dependency chains of the dense part.
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default;
        for (var j = 0; j < f; j += 2, g = ref Unsafe.Add(ref g, 2 * f))
        {
            var s = Vector512.Create(denseScale * Unsafe.Add(ref vr, j));
            a0 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref g, 0), a0);
            a1 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref g, 16), a1);
            a2 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref g, 32), a2);
            a3 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref g, 48), a3);
            var t = Vector512.Create(denseScale * Unsafe.Add(ref vr, j + 1));
            e0 = Vector512.FusedMultiplyAdd(t, Vector512.LoadUnsafe(ref g, 64), e0);
            e1 = Vector512.FusedMultiplyAdd(t, Vector512.LoadUnsafe(ref g, 80), e1);
            e2 = Vector512.FusedMultiplyAdd(t, Vector512.LoadUnsafe(ref g, 96), e2);
            e3 = Vector512.FusedMultiplyAdd(t, Vector512.LoadUnsafe(ref g, 112), e3);
        }

        a0 += e0;
        a1 += e1;
        a2 += e2;
        a3 += e3;

        var v0 = Vector512.LoadUnsafe(ref vr, 0);
        var v1 = Vector512.LoadUnsafe(ref vr, 16);
        var v2 = Vector512.LoadUnsafe(ref vr, 32);
        var v3 = Vector512.LoadUnsafe(ref vr, 48);
        ref var ids = ref MemoryMarshal.GetReference(rowIds);
        ref var cs = ref MemoryMarshal.GetReference(confidence);
        for (var k = 0; k < rowIds.Length; k++)
        {
            ref var y = ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref ids, k) * f);
            var y0v = Vector512.LoadUnsafe(ref y, 0);
            var y1v = Vector512.LoadUnsafe(ref y, 16);
            var y2v = Vector512.LoadUnsafe(ref y, 32);
            var y3v = Vector512.LoadUnsafe(ref y, 48);
            var dot = Vector512.Sum(Vector512.FusedMultiplyAdd(y0v, v0, y1v * v1) + Vector512.FusedMultiplyAdd(y2v, v2, y3v * v3));
            var conf = Unsafe.Add(ref cs, k);
            var t = Vector512.Create((beta * conf) + (gamma * (conf - 1f) * dot));
            a0 = Vector512.FusedMultiplyAdd(t, y0v, a0);
            a1 = Vector512.FusedMultiplyAdd(t, y1v, a1);
            a2 = Vector512.FusedMultiplyAdd(t, y2v, a2);
            a3 = Vector512.FusedMultiplyAdd(t, y3v, a3);
        }

        ref var dst = ref MemoryMarshal.GetReference(destination);
        a0.StoreUnsafe(ref dst, 0);
        a1.StoreUnsafe(ref dst, 16);
        a2.StoreUnsafe(ref dst, 32);
        a3.StoreUnsafe(ref dst, 48);
    }

    private static void Compute512(
        ReadOnlySpan<float> gram, ReadOnlySpan<float> factors, int f, ReadOnlySpan<int> rowIds,
        ReadOnlySpan<float> confidence, ReadOnlySpan<float> v, Span<float> destination, float denseScale, float beta, float gamma)
    {
        const int w = 16;
        var vectorEnd = f / w * w;
        ref var g0 = ref MemoryMarshal.GetReference(gram);
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var y0 = ref MemoryMarshal.GetReference(factors);
        ref var d = ref MemoryMarshal.GetReference(destination);
        destination[..f].Clear();
        for (var j = 0; j < f; j++)
        {
            var s = denseScale * Unsafe.Add(ref vr, j);
            var sv = Vector512.Create(s);
            ref var g = ref Unsafe.Add(ref g0, j * f);
            var c = 0;
            for (; c < vectorEnd; c += w)
            {
                Vector512.FusedMultiplyAdd(sv, Vector512.LoadUnsafe(ref g, (nuint)c), Vector512.LoadUnsafe(ref d, (nuint)c))
                    .StoreUnsafe(ref d, (nuint)c);
            }

            for (; c < f; c++)
            {
                Unsafe.Add(ref d, c) += s * Unsafe.Add(ref g, c);
            }
        }

        for (var k = 0; k < rowIds.Length; k++)
        {
            ref var y = ref Unsafe.Add(ref y0, (nint)rowIds[k] * f);
            var acc = Vector512<float>.Zero;
            var c = 0;
            for (; c < vectorEnd; c += w)
            {
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref y, (nuint)c), Vector512.LoadUnsafe(ref vr, (nuint)c), acc);
            }

            var dot = Vector512.Sum(acc);
            for (; c < f; c++)
            {
                dot += Unsafe.Add(ref y, c) * Unsafe.Add(ref vr, c);
            }

            var conf = confidence[k];
            var t = (beta * conf) + (gamma * (conf - 1f) * dot);
            var tv = Vector512.Create(t);
            for (c = 0; c < vectorEnd; c += w)
            {
                Vector512.FusedMultiplyAdd(tv, Vector512.LoadUnsafe(ref y, (nuint)c), Vector512.LoadUnsafe(ref d, (nuint)c))
                    .StoreUnsafe(ref d, (nuint)c);
            }

            for (; c < f; c++)
            {
                Unsafe.Add(ref d, c) += t * Unsafe.Add(ref y, c);
            }
        }
    }

    private static void Compute256(
        ReadOnlySpan<float> gram, ReadOnlySpan<float> factors, int f, ReadOnlySpan<int> rowIds,
        ReadOnlySpan<float> confidence, ReadOnlySpan<float> v, Span<float> destination, float denseScale, float beta, float gamma)
    {
        const int w = 8;
        var vectorEnd = f / w * w;
        ref var g0 = ref MemoryMarshal.GetReference(gram);
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var y0 = ref MemoryMarshal.GetReference(factors);
        ref var d = ref MemoryMarshal.GetReference(destination);
        destination[..f].Clear();
        for (var j = 0; j < f; j++)
        {
            var s = denseScale * Unsafe.Add(ref vr, j);
            var sv = Vector256.Create(s);
            ref var g = ref Unsafe.Add(ref g0, j * f);
            var c = 0;
            for (; c < vectorEnd; c += w)
            {
                Vector256.FusedMultiplyAdd(sv, Vector256.LoadUnsafe(ref g, (nuint)c), Vector256.LoadUnsafe(ref d, (nuint)c))
                    .StoreUnsafe(ref d, (nuint)c);
            }

            for (; c < f; c++)
            {
                Unsafe.Add(ref d, c) += s * Unsafe.Add(ref g, c);
            }
        }

        for (var k = 0; k < rowIds.Length; k++)
        {
            ref var y = ref Unsafe.Add(ref y0, (nint)rowIds[k] * f);
            var acc = Vector256<float>.Zero;
            var c = 0;
            for (; c < vectorEnd; c += w)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref y, (nuint)c), Vector256.LoadUnsafe(ref vr, (nuint)c), acc);
            }

            var dot = Vector256.Sum(acc);
            for (; c < f; c++)
            {
                dot += Unsafe.Add(ref y, c) * Unsafe.Add(ref vr, c);
            }

            var conf = confidence[k];
            var t = (beta * conf) + (gamma * (conf - 1f) * dot);
            var tv = Vector256.Create(t);
            for (c = 0; c < vectorEnd; c += w)
            {
                Vector256.FusedMultiplyAdd(tv, Vector256.LoadUnsafe(ref y, (nuint)c), Vector256.LoadUnsafe(ref d, (nuint)c))
                    .StoreUnsafe(ref d, (nuint)c);
            }

            for (; c < f; c++)
            {
                Unsafe.Add(ref d, c) += t * Unsafe.Add(ref y, c);
            }
        }
    }
}
