using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Encore.Core.Linalg;

/// <summary>
/// The Gram matrix YᵀY = Σᵣ yᵣyᵣᵀ of a block of factor rows: the dense part of every ALS normal equation,
/// computed once per half-iteration (Hu, Koren &amp; Volinsky 2008, §4).
/// </summary>
internal static class Gram
{
    private const int TileRows = 8;

    /// <summary>
    /// Adds Σᵣ yᵣyᵣᵀ over the <paramref name="count"/> rows in <paramref name="rows"/> to the upper triangle
    /// (column ≥ row) of the f×f <paramref name="destination"/>. Cells below the diagonal may also change:
    /// call <see cref="Symmetrize"/> after the last block.
    /// </summary>
    public static void AccumulateUpper(ReadOnlySpan<float> rows, int count, int f, Span<float> destination, SimdWidth width)
    {
        if (rows.Length < count * f || destination.Length < f * f)
        {
            throw new ArgumentException("Spans are shorter than the shape.");
        }

        var covered = width switch
        {
            SimdWidth.Vector512 => Tiles512(rows, count, f, destination),
            SimdWidth.Vector256 => Tiles256(rows, count, f, destination),
            _ => (Rows: 0, Columns: 0),
        };
        ScalarRemainder(rows, count, f, destination, covered.Rows, covered.Columns);
    }

    /// <summary>Copies the upper triangle onto the lower one.</summary>
    public static void Symmetrize(Span<float> matrix, int f)
    {
        for (var j = 0; j < f; j++)
        {
            for (var c = j + 1; c < f; c++)
            {
                matrix[(c * f) + j] = matrix[(j * f) + c];
            }
        }
    }

    /// <summary>The reference: every cell, one row at a time.</summary>
    public static void AccumulateScalar(ReadOnlySpan<float> rows, int count, int f, Span<float> destination)
    {
        for (var r = 0; r < count; r++)
        {
            var y = rows.Slice(r * f, f);
            for (var j = 0; j < f; j++)
            {
                var yj = y[j];
                var dst = destination.Slice(j * f, f);
                for (var c = 0; c < f; c++)
                {
                    dst[c] += yj * y[c];
                }
            }
        }
    }

    // Cells (j, c) with c ≥ j not covered by the full tiles: rows j ≥ coveredRows or columns c ≥ coveredColumns.
    private static void ScalarRemainder(
        ReadOnlySpan<float> rows, int count, int f, Span<float> destination, int coveredRows, int coveredColumns)
    {
        if (coveredRows == f && coveredColumns == f)
        {
            return;
        }

        for (var r = 0; r < count; r++)
        {
            var y = rows.Slice(r * f, f);
            for (var j = 0; j < f; j++)
            {
                var yj = y[j];
                var start = j < coveredRows ? Math.Max(j, coveredColumns) : j;
                for (var c = start; c < f; c++)
                {
                    destination[(j * f) + c] += yj * y[c];
                }
            }
        }
    }

    // 8 output rows × 2 vectors per tile: 16 accumulators stay in registers while the block streams by,
    // and tiles wholly below the diagonal are skipped.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Rows, int Columns) Tiles512(ReadOnlySpan<float> rows, int count, int f, Span<float> destination)
    {
        const int w = 16;
        var fullRows = f / TileRows * TileRows;
        var fullColumns = f / (2 * w) * (2 * w);
        ref var y0 = ref MemoryMarshal.GetReference(rows);
        ref var d0 = ref MemoryMarshal.GetReference(destination);
        for (var j = 0; j < fullRows; j += TileRows)
        {
            for (var c = j / (2 * w) * (2 * w); c < fullColumns; c += 2 * w)
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
                ref var y = ref y0;
                for (var r = 0; r < count; r++, y = ref Unsafe.Add(ref y, f))
                {
                    var lo = Vector512.LoadUnsafe(ref y, (nuint)c);
                    var hi = Vector512.LoadUnsafe(ref y, (nuint)(c + w));
                    ref var yj = ref Unsafe.Add(ref y, j);
                    var s = Vector512.Create(yj);
                    a0 = Vector512.FusedMultiplyAdd(s, lo, a0); b0 = Vector512.FusedMultiplyAdd(s, hi, b0);
                    s = Vector512.Create(Unsafe.Add(ref yj, 1));
                    a1 = Vector512.FusedMultiplyAdd(s, lo, a1); b1 = Vector512.FusedMultiplyAdd(s, hi, b1);
                    s = Vector512.Create(Unsafe.Add(ref yj, 2));
                    a2 = Vector512.FusedMultiplyAdd(s, lo, a2); b2 = Vector512.FusedMultiplyAdd(s, hi, b2);
                    s = Vector512.Create(Unsafe.Add(ref yj, 3));
                    a3 = Vector512.FusedMultiplyAdd(s, lo, a3); b3 = Vector512.FusedMultiplyAdd(s, hi, b3);
                    s = Vector512.Create(Unsafe.Add(ref yj, 4));
                    a4 = Vector512.FusedMultiplyAdd(s, lo, a4); b4 = Vector512.FusedMultiplyAdd(s, hi, b4);
                    s = Vector512.Create(Unsafe.Add(ref yj, 5));
                    a5 = Vector512.FusedMultiplyAdd(s, lo, a5); b5 = Vector512.FusedMultiplyAdd(s, hi, b5);
                    s = Vector512.Create(Unsafe.Add(ref yj, 6));
                    a6 = Vector512.FusedMultiplyAdd(s, lo, a6); b6 = Vector512.FusedMultiplyAdd(s, hi, b6);
                    s = Vector512.Create(Unsafe.Add(ref yj, 7));
                    a7 = Vector512.FusedMultiplyAdd(s, lo, a7); b7 = Vector512.FusedMultiplyAdd(s, hi, b7);
                }

                ref var d = ref Unsafe.Add(ref d0, (j * f) + c);
                Add(ref d, 0, a0, b0); Add(ref d, f, a1, b1); Add(ref d, 2 * f, a2, b2); Add(ref d, 3 * f, a3, b3);
                Add(ref d, 4 * f, a4, b4); Add(ref d, 5 * f, a5, b5); Add(ref d, 6 * f, a6, b6); Add(ref d, 7 * f, a7, b7);
            }
        }

        return (fullRows, fullColumns);

        static void Add(ref float d, int offset, Vector512<float> lo, Vector512<float> hi)
        {
            ref var at = ref Unsafe.Add(ref d, offset);
            (Vector512.LoadUnsafe(ref at) + lo).StoreUnsafe(ref at);
            (Vector512.LoadUnsafe(ref at, w) + hi).StoreUnsafe(ref at, w);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Rows, int Columns) Tiles256(ReadOnlySpan<float> rows, int count, int f, Span<float> destination)
    {
        const int w = 8;
        var fullRows = f / TileRows * TileRows;
        var fullColumns = f / (2 * w) * (2 * w);
        ref var y0 = ref MemoryMarshal.GetReference(rows);
        ref var d0 = ref MemoryMarshal.GetReference(destination);
        for (var j = 0; j < fullRows; j += TileRows)
        {
            for (var c = j / (2 * w) * (2 * w); c < fullColumns; c += 2 * w)
            {
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
                ref var y = ref y0;
                for (var r = 0; r < count; r++, y = ref Unsafe.Add(ref y, f))
                {
                    var lo = Vector256.LoadUnsafe(ref y, (nuint)c);
                    var hi = Vector256.LoadUnsafe(ref y, (nuint)(c + w));
                    ref var yj = ref Unsafe.Add(ref y, j);
                    var s = Vector256.Create(yj);
                    a0 = Vector256.FusedMultiplyAdd(s, lo, a0); b0 = Vector256.FusedMultiplyAdd(s, hi, b0);
                    s = Vector256.Create(Unsafe.Add(ref yj, 1));
                    a1 = Vector256.FusedMultiplyAdd(s, lo, a1); b1 = Vector256.FusedMultiplyAdd(s, hi, b1);
                    s = Vector256.Create(Unsafe.Add(ref yj, 2));
                    a2 = Vector256.FusedMultiplyAdd(s, lo, a2); b2 = Vector256.FusedMultiplyAdd(s, hi, b2);
                    s = Vector256.Create(Unsafe.Add(ref yj, 3));
                    a3 = Vector256.FusedMultiplyAdd(s, lo, a3); b3 = Vector256.FusedMultiplyAdd(s, hi, b3);
                    s = Vector256.Create(Unsafe.Add(ref yj, 4));
                    a4 = Vector256.FusedMultiplyAdd(s, lo, a4); b4 = Vector256.FusedMultiplyAdd(s, hi, b4);
                    s = Vector256.Create(Unsafe.Add(ref yj, 5));
                    a5 = Vector256.FusedMultiplyAdd(s, lo, a5); b5 = Vector256.FusedMultiplyAdd(s, hi, b5);
                    s = Vector256.Create(Unsafe.Add(ref yj, 6));
                    a6 = Vector256.FusedMultiplyAdd(s, lo, a6); b6 = Vector256.FusedMultiplyAdd(s, hi, b6);
                    s = Vector256.Create(Unsafe.Add(ref yj, 7));
                    a7 = Vector256.FusedMultiplyAdd(s, lo, a7); b7 = Vector256.FusedMultiplyAdd(s, hi, b7);
                }

                ref var d = ref Unsafe.Add(ref d0, (j * f) + c);
                Add(ref d, 0, a0, b0); Add(ref d, f, a1, b1); Add(ref d, 2 * f, a2, b2); Add(ref d, 3 * f, a3, b3);
                Add(ref d, 4 * f, a4, b4); Add(ref d, 5 * f, a5, b5); Add(ref d, 6 * f, a6, b6); Add(ref d, 7 * f, a7, b7);
            }
        }

        return (fullRows, fullColumns);

        static void Add(ref float d, int offset, Vector256<float> lo, Vector256<float> hi)
        {
            ref var at = ref Unsafe.Add(ref d, offset);
            (Vector256.LoadUnsafe(ref at) + lo).StoreUnsafe(ref at);
            (Vector256.LoadUnsafe(ref at, w) + hi).StoreUnsafe(ref at, w);
        }
    }
}
