using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Encore.Core.Linalg;

/// <summary>
/// The one product the conjugate-gradient ALS solver spends its time in:
/// <c>dst = s·G·v + Σₖ (β·cₖ + γ·(cₖ − 1)·(yₖ·v))·yₖ</c> over the observed items k of one row.
/// With s=1, β=0, γ=1 it is A·v for A = G + Yᵀ(Cᵤ − I)Y (Takács, Pilászy &amp; Tikk 2011), without forming A;
/// with s=−1, β=1, γ=−1 it is the residual b − A·v for b = YᵀCᵤp(u).
/// </summary>
/// <remarks>
/// Each yₖ is read once per call: its dot with v and its scaled add into dst share the loaded vectors.
/// The caller guarantees that every row id is within the factor matrix (they come from a checked CSR matrix), and,
/// when asking for prefetch, that the factors live in pinned memory (a <see cref="FactorMatrix"/>).
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
        SimdWidth width,
        bool prefetch = false)
    {
        if (gram.Length < f * f || v.Length < f || destination.Length < f || confidence.Length < rowIds.Length)
        {
            throw new ArgumentException("Spans are shorter than the factor count.");
        }

        if (width == SimdWidth.Vector512 && f == 64)
        {
            Compute64(gram, factors, rowIds, confidence, v, destination, denseScale, beta, gamma, prefetch);
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

    /// <summary>
    /// Hints the cache to fetch (into L2) the factor rows a later call will read: the next row's solve then starts
    /// on warm data while this row's CG steps run on L1. Only for pinned factors (a <see cref="FactorMatrix"/>).
    /// </summary>
    public static unsafe void PrefetchRows(ReadOnlySpan<float> factors, int f, ReadOnlySpan<int> rowIds)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        ref var y0 = ref MemoryMarshal.GetReference(factors);
        var bytes = f * sizeof(float);
        foreach (var id in rowIds)
        {
            var row = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref y0, (nint)id * f));
            for (var offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch1(row + offset);
            }
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Compute64(
        ReadOnlySpan<float> gram, ReadOnlySpan<float> factors, ReadOnlySpan<int> rowIds,
        ReadOnlySpan<float> confidence, ReadOnlySpan<float> v, Span<float> destination, float denseScale, float beta, float gamma,
        bool prefetch)
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
        var betaV = Vector128.Create(beta);
        var gammaV = Vector128.Create(gamma);
        var n = rowIds.Length;
        var k = 0;

        // Four rows at a time: their four dot products are reduced together (about 3 instructions per dot
        // instead of ~30 for Vector512.Sum each), and the coefficients are computed in one Vector128.
        for (; k + 4 <= n; k += 4)
        {
            // The first pass over a row meets its factor rows cold (scattered over megabytes): ask for the next
            // group's 16 cache lines while this group computes.
            if (prefetch && Sse.IsSupported && k + 8 <= n)
            {
                for (var ahead = 4; ahead < 8; ahead++)
                {
                    var row = (float*)Unsafe.AsPointer(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref ids, k + ahead) * f));
                    Sse.Prefetch0(row);
                    Sse.Prefetch0(row + 16);
                    Sse.Prefetch0(row + 32);
                    Sse.Prefetch0(row + 48);
                }
            }

            ref var ya = ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref ids, k) * f);
            ref var yb = ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref ids, k + 1) * f);
            ref var yc = ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref ids, k + 2) * f);
            ref var yd = ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref ids, k + 3) * f);
            var a0v = Vector512.LoadUnsafe(ref ya, 0);
            var a1v = Vector512.LoadUnsafe(ref ya, 16);
            var a2v = Vector512.LoadUnsafe(ref ya, 32);
            var a3v = Vector512.LoadUnsafe(ref ya, 48);
            var b0v = Vector512.LoadUnsafe(ref yb, 0);
            var b1v = Vector512.LoadUnsafe(ref yb, 16);
            var b2v = Vector512.LoadUnsafe(ref yb, 32);
            var b3v = Vector512.LoadUnsafe(ref yb, 48);
            var c0v = Vector512.LoadUnsafe(ref yc, 0);
            var c1v = Vector512.LoadUnsafe(ref yc, 16);
            var c2v = Vector512.LoadUnsafe(ref yc, 32);
            var c3v = Vector512.LoadUnsafe(ref yc, 48);
            var d0v = Vector512.LoadUnsafe(ref yd, 0);
            var d1v = Vector512.LoadUnsafe(ref yd, 16);
            var d2v = Vector512.LoadUnsafe(ref yd, 32);
            var d3v = Vector512.LoadUnsafe(ref yd, 48);
            var sa = Vector512.FusedMultiplyAdd(a0v, v0, a1v * v1) + Vector512.FusedMultiplyAdd(a2v, v2, a3v * v3);
            var sb = Vector512.FusedMultiplyAdd(b0v, v0, b1v * v1) + Vector512.FusedMultiplyAdd(b2v, v2, b3v * v3);
            var sc = Vector512.FusedMultiplyAdd(c0v, v0, c1v * v1) + Vector512.FusedMultiplyAdd(c2v, v2, c3v * v3);
            var sd = Vector512.FusedMultiplyAdd(d0v, v0, d1v * v1) + Vector512.FusedMultiplyAdd(d2v, v2, d3v * v3);
            var dots = SumFour(sa, sb, sc, sd);
            var conf = Vector128.LoadUnsafe(ref cs, (nuint)k);
            var t = (betaV * conf) + (gammaV * (conf - Vector128<float>.One) * dots);
            var ta = Vector512.Create(t.GetElement(0));
            var tb = Vector512.Create(t.GetElement(1));
            var tc = Vector512.Create(t.GetElement(2));
            var td = Vector512.Create(t.GetElement(3));
            a0 = Vector512.FusedMultiplyAdd(ta, a0v, a0);
            a1 = Vector512.FusedMultiplyAdd(ta, a1v, a1);
            a2 = Vector512.FusedMultiplyAdd(ta, a2v, a2);
            a3 = Vector512.FusedMultiplyAdd(ta, a3v, a3);
            a0 = Vector512.FusedMultiplyAdd(tb, b0v, a0);
            a1 = Vector512.FusedMultiplyAdd(tb, b1v, a1);
            a2 = Vector512.FusedMultiplyAdd(tb, b2v, a2);
            a3 = Vector512.FusedMultiplyAdd(tb, b3v, a3);
            a0 = Vector512.FusedMultiplyAdd(tc, c0v, a0);
            a1 = Vector512.FusedMultiplyAdd(tc, c1v, a1);
            a2 = Vector512.FusedMultiplyAdd(tc, c2v, a2);
            a3 = Vector512.FusedMultiplyAdd(tc, c3v, a3);
            a0 = Vector512.FusedMultiplyAdd(td, d0v, a0);
            a1 = Vector512.FusedMultiplyAdd(td, d1v, a1);
            a2 = Vector512.FusedMultiplyAdd(td, d2v, a2);
            a3 = Vector512.FusedMultiplyAdd(td, d3v, a3);
        }

        for (; k < n; k++)
        {
            ref var y = ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref ids, k) * f);
            var y0v = Vector512.LoadUnsafe(ref y, 0);
            var y1v = Vector512.LoadUnsafe(ref y, 16);
            var y2v = Vector512.LoadUnsafe(ref y, 32);
            var y3v = Vector512.LoadUnsafe(ref y, 48);
            var dot = Sum(Vector512.FusedMultiplyAdd(y0v, v0, y1v * v1) + Vector512.FusedMultiplyAdd(y2v, v2, y3v * v3));
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        // Dense part G·v by column blocks of 64 (then 16) with the accumulators in registers: a store/load
        // round trip per FMA would make every column wait on the previous row of G.
        var c0 = 0;
        for (; c0 + 64 <= vectorEnd; c0 += 64)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default;
            var j = 0;
            for (; j + 2 <= f; j += 2)
            {
                var sv = Vector512.Create(denseScale * Unsafe.Add(ref vr, j));
                ref var g = ref Unsafe.Add(ref g0, (j * f) + c0);
                a0 = Vector512.FusedMultiplyAdd(sv, Vector512.LoadUnsafe(ref g, 0), a0);
                a1 = Vector512.FusedMultiplyAdd(sv, Vector512.LoadUnsafe(ref g, 16), a1);
                a2 = Vector512.FusedMultiplyAdd(sv, Vector512.LoadUnsafe(ref g, 32), a2);
                a3 = Vector512.FusedMultiplyAdd(sv, Vector512.LoadUnsafe(ref g, 48), a3);
                var tv = Vector512.Create(denseScale * Unsafe.Add(ref vr, j + 1));
                ref var h = ref Unsafe.Add(ref g, f);
                e0 = Vector512.FusedMultiplyAdd(tv, Vector512.LoadUnsafe(ref h, 0), e0);
                e1 = Vector512.FusedMultiplyAdd(tv, Vector512.LoadUnsafe(ref h, 16), e1);
                e2 = Vector512.FusedMultiplyAdd(tv, Vector512.LoadUnsafe(ref h, 32), e2);
                e3 = Vector512.FusedMultiplyAdd(tv, Vector512.LoadUnsafe(ref h, 48), e3);
            }

            if (j < f)
            {
                var sv = Vector512.Create(denseScale * Unsafe.Add(ref vr, j));
                ref var g = ref Unsafe.Add(ref g0, (j * f) + c0);
                a0 = Vector512.FusedMultiplyAdd(sv, Vector512.LoadUnsafe(ref g, 0), a0);
                a1 = Vector512.FusedMultiplyAdd(sv, Vector512.LoadUnsafe(ref g, 16), a1);
                a2 = Vector512.FusedMultiplyAdd(sv, Vector512.LoadUnsafe(ref g, 32), a2);
                a3 = Vector512.FusedMultiplyAdd(sv, Vector512.LoadUnsafe(ref g, 48), a3);
            }

            a0 += e0;
            a1 += e1;
            a2 += e2;
            a3 += e3;

            a0.StoreUnsafe(ref d, (nuint)c0);
            a1.StoreUnsafe(ref d, (nuint)(c0 + 16));
            a2.StoreUnsafe(ref d, (nuint)(c0 + 32));
            a3.StoreUnsafe(ref d, (nuint)(c0 + 48));
        }

        for (; c0 < vectorEnd; c0 += w)
        {
            var a0 = Vector512<float>.Zero;
            for (var j = 0; j < f; j++)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(denseScale * Unsafe.Add(ref vr, j)), Vector512.LoadUnsafe(ref g0, (nuint)((j * f) + c0)), a0);
            }

            a0.StoreUnsafe(ref d, (nuint)c0);
        }

        for (var c = vectorEnd; c < f; c++)
        {
            var sum = 0f;
            for (var j = 0; j < f; j++)
            {
                sum += denseScale * Unsafe.Add(ref vr, j) * Unsafe.Add(ref g0, (j * f) + c);
            }

            Unsafe.Add(ref d, c) = sum;
        }

        var k = 0;
        var n = rowIds.Length;
        if (vectorEnd == f)
        {
            // Four rows at a time, as in Compute64, with the accumulator in dst (L1) since f varies.
            for (; k + 4 <= n; k += 4)
            {
                ref var ya = ref Unsafe.Add(ref y0, (nint)rowIds[k] * f);
                ref var yb = ref Unsafe.Add(ref y0, (nint)rowIds[k + 1] * f);
                ref var yc = ref Unsafe.Add(ref y0, (nint)rowIds[k + 2] * f);
                ref var yd = ref Unsafe.Add(ref y0, (nint)rowIds[k + 3] * f);
                Vector512<float> sa = default, sb = default, sc = default, sd = default;
                for (var c = 0; c < f; c += w)
                {
                    var vv = Vector512.LoadUnsafe(ref vr, (nuint)c);
                    sa = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ya, (nuint)c), vv, sa);
                    sb = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref yb, (nuint)c), vv, sb);
                    sc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref yc, (nuint)c), vv, sc);
                    sd = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref yd, (nuint)c), vv, sd);
                }

                var conf = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(confidence), (nuint)k);
                var t = (Vector128.Create(beta) * conf) + (Vector128.Create(gamma) * (conf - Vector128<float>.One) * SumFour(sa, sb, sc, sd));
                var ta = Vector512.Create(t.GetElement(0));
                var tb = Vector512.Create(t.GetElement(1));
                var tc = Vector512.Create(t.GetElement(2));
                var td = Vector512.Create(t.GetElement(3));
                for (var c = 0; c < f; c += w)
                {
                    var acc = Vector512.LoadUnsafe(ref d, (nuint)c);
                    acc = Vector512.FusedMultiplyAdd(ta, Vector512.LoadUnsafe(ref ya, (nuint)c), acc);
                    acc = Vector512.FusedMultiplyAdd(tb, Vector512.LoadUnsafe(ref yb, (nuint)c), acc);
                    acc = Vector512.FusedMultiplyAdd(tc, Vector512.LoadUnsafe(ref yc, (nuint)c), acc);
                    acc = Vector512.FusedMultiplyAdd(td, Vector512.LoadUnsafe(ref yd, (nuint)c), acc);
                    acc.StoreUnsafe(ref d, (nuint)c);
                }
            }
        }

        for (; k < n; k++)
        {
            ref var y = ref Unsafe.Add(ref y0, (nint)rowIds[k] * f);
            var acc = Vector512<float>.Zero;
            var c = 0;
            for (; c < vectorEnd; c += w)
            {
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref y, (nuint)c), Vector512.LoadUnsafe(ref vr, (nuint)c), acc);
            }

            var dot = Sum(acc);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

            var dot = Sum(acc);
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

    /// <summary>
    /// Horizontal sum by halving (512 → 256 → 128 → scalar): a third of the instructions the JIT emits for
    /// <see cref="Vector512.Sum{T}(Vector512{T})"/> in .NET 10.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Sum(Vector512<float> v) => Sum(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Sum(Vector256<float> v)
    {
        var x = v.GetLower() + v.GetUpper();
        x += Vector128.Shuffle(x, Vector128.Create(2, 3, 0, 1));
        x += Vector128.Shuffle(x, Vector128.Create(1, 0, 3, 2));
        return x.ToScalar();
    }

    /// <summary>The four horizontal sums of a, b, c, d as one vector (transpose-and-add, as in BLAS sgemv kernels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> SumFour(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        if (Avx512F.IsSupported)
        {
            // Per 128-bit lane: ab = [a0+a2, b0+b2, a1+a3, b1+b3], then m = [Σa, Σb, Σc, Σd] of that lane.
            var ab = Avx512F.UnpackLow(a, b) + Avx512F.UnpackHigh(a, b);
            var cd = Avx512F.UnpackLow(c, d) + Avx512F.UnpackHigh(c, d);
            var m = Avx512F.Shuffle(ab, cd, 0b01_00_01_00) + Avx512F.Shuffle(ab, cd, 0b11_10_11_10);
            var h = m.GetLower() + m.GetUpper();
            return h.GetLower() + h.GetUpper();
        }

        return Vector128.Create(Sum(a), Sum(b), Sum(c), Sum(d));
    }
}
