using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Encore.Core.Linalg;

/// <summary>Receives the scores of one tile, query by query.</summary>
internal interface ITileSink
{
    /// <summary>The 32 scores of tile slot <paramref name="slot"/>: items 0–15 in <paramref name="lo"/>, 16–31 in <paramref name="hi"/>.</summary>
    void Offer(int slot, Vector512<float> lo, Vector512<float> hi);

    /// <summary>The same, from the narrower paths: the 32 scores of tile slot <paramref name="slot"/> in item order.</summary>
    void Offer(int slot, scoped ReadOnlySpan<float> scores);
}

/// <summary>
/// The register-blocked product behind every top-k search: 8 queries × 32 items per tile (16 AVX-512
/// accumulators). Items are packed in 16-lane panels, factor-major, so a tile reads two vectors per factor;
/// queries are packed factor-major in groups of 8 (x[j·8 + slot]).
/// </summary>
/// <remarks>
/// Each score is Σⱼ xⱼyⱼ by FMAs in factor order, in its own lane: the same bits whichever tile, order, block or
/// thread computes it, so every search built on this kernel gives the brute-force scores bit for bit. The
/// Vector256 and scalar paths run the same FMA chain per score on the same packing, so they give the same bits as
/// the AVX-512 path: every width returns the same lists.
/// </remarks>
internal static class TileKernel
{
    public const int QueriesPerTile = 8;
    public const int Lanes = 16;
    public const int TileItems = 2 * Lanes;

    /// <summary>
    /// Packs rows <c>order[p]</c> of <paramref name="items"/> (first <paramref name="f"/> columns) at positions p;
    /// a negative entry leaves a zero lane. The length is rounded up to whole tiles.
    /// </summary>
    public static float[] Pack(FactorMatrix items, int f, ReadOnlySpan<int> order)
    {
        var tiles = Tiles(order.Length);
        var panels = new float[(long)tiles * TileItems * f];
        for (var p = 0; p < order.Length; p++)
        {
            if (order[p] < 0)
            {
                continue;
            }

            var row = items.Row(order[p]);
            var at = ((long)(p / Lanes) * f * Lanes) + (p % Lanes);
            for (var j = 0; j < f; j++)
            {
                panels[at + (j * Lanes)] = row[j];
            }
        }

        return panels;
    }

    /// <summary>Tiles needed for <paramref name="items"/> positions.</summary>
    public static int Tiles(int items) => (items + TileItems - 1) / TileItems;

    /// <summary>Writes rows <paramref name="rows"/> (at most 8) of <paramref name="queries"/> factor-major into <paramref name="tile"/>, zero elsewhere.</summary>
    public static void PackQueries(FactorMatrix queries, int f, ReadOnlySpan<int> rows, Span<float> tile)
    {
        tile[..(QueriesPerTile * f)].Clear();
        for (var b = 0; b < rows.Length; b++)
        {
            var row = queries.Row(rows[b]);
            for (var j = 0; j < f; j++)
            {
                tile[(j * QueriesPerTile) + b] = row[j];
            }
        }
    }

    /// <summary>
    /// Scores packed queries <paramref name="x"/> against tile <paramref name="tile"/> at <paramref name="width"/>
    /// and offers slots [0, inTile) to the sink.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Score<TSink>(SimdWidth width, ref float x, float[] panels, int tile, int f, int inTile, ref TSink sink)
        where TSink : struct, ITileSink, allows ref struct
    {
        if (width == SimdWidth.Vector512)
        {
            Score512(ref x, panels, tile, f, inTile, ref sink);
        }
        else
        {
            ScoreNarrow(width, ref x, panels, tile, f, inTile, ref sink);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // every sum is written before it is read
    private static void Score512<TSink>(ref float x, float[] panels, int tile, int f, int inTile, ref TSink sink)
        where TSink : struct, ITileSink, allows ref struct
    {
        ref var y = ref MemoryMarshal.GetArrayDataReference(panels);
        y = ref Unsafe.Add(ref y, (nint)tile * TileItems * f);
        Span<Vector512<float>> sums = stackalloc Vector512<float>[2 * QueriesPerTile];
        Sums512(ref x, ref y, f, ref MemoryMarshal.GetReference(sums));
        sink.Offer(0, sums[0], sums[8]);
        if (inTile > 1) sink.Offer(1, sums[1], sums[9]);
        if (inTile > 2) sink.Offer(2, sums[2], sums[10]);
        if (inTile > 3) sink.Offer(3, sums[3], sums[11]);
        if (inTile > 4) sink.Offer(4, sums[4], sums[12]);
        if (inTile > 5) sink.Offer(5, sums[5], sums[13]);
        if (inTile > 6) sink.Offer(6, sums[6], sums[14]);
        if (inTile > 7) sink.Offer(7, sums[7], sums[15]);
    }

    // The tile's 16 accumulators, written to sums[slot] (items 0–15) and sums[8 + slot] (items 16–31). A method of its
    // own, with no call in it: where the sink's calls follow the loop in the same method, the JIT (all vector registers
    // are caller-saved on x64) stored 14 of the 16 accumulators to the stack on every factor, which ran the loop at a
    // sixth of the FMA rate (bench/RESULTS.md, "The tile kernel's spilled accumulators").
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Sums512(ref float x, ref float y, int f, ref Vector512<float> sums)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        nint second = f * Lanes;
        for (var j = 0; j < f; j++, y = ref Unsafe.Add(ref y, Lanes), x = ref Unsafe.Add(ref x, QueriesPerTile))
        {
            var lo = Vector512.LoadUnsafe(ref y);
            var hi = Vector512.LoadUnsafe(ref Unsafe.Add(ref y, second));
            var s = Vector512.Create(x);
            a0 = Vector512.FusedMultiplyAdd(s, lo, a0); b0 = Vector512.FusedMultiplyAdd(s, hi, b0);
            s = Vector512.Create(Unsafe.Add(ref x, 1));
            a1 = Vector512.FusedMultiplyAdd(s, lo, a1); b1 = Vector512.FusedMultiplyAdd(s, hi, b1);
            s = Vector512.Create(Unsafe.Add(ref x, 2));
            a2 = Vector512.FusedMultiplyAdd(s, lo, a2); b2 = Vector512.FusedMultiplyAdd(s, hi, b2);
            s = Vector512.Create(Unsafe.Add(ref x, 3));
            a3 = Vector512.FusedMultiplyAdd(s, lo, a3); b3 = Vector512.FusedMultiplyAdd(s, hi, b3);
            s = Vector512.Create(Unsafe.Add(ref x, 4));
            a4 = Vector512.FusedMultiplyAdd(s, lo, a4); b4 = Vector512.FusedMultiplyAdd(s, hi, b4);
            s = Vector512.Create(Unsafe.Add(ref x, 5));
            a5 = Vector512.FusedMultiplyAdd(s, lo, a5); b5 = Vector512.FusedMultiplyAdd(s, hi, b5);
            s = Vector512.Create(Unsafe.Add(ref x, 6));
            a6 = Vector512.FusedMultiplyAdd(s, lo, a6); b6 = Vector512.FusedMultiplyAdd(s, hi, b6);
            s = Vector512.Create(Unsafe.Add(ref x, 7));
            a7 = Vector512.FusedMultiplyAdd(s, lo, a7); b7 = Vector512.FusedMultiplyAdd(s, hi, b7);
        }

        sums = a0;
        Unsafe.Add(ref sums, 1) = a1;
        Unsafe.Add(ref sums, 2) = a2;
        Unsafe.Add(ref sums, 3) = a3;
        Unsafe.Add(ref sums, 4) = a4;
        Unsafe.Add(ref sums, 5) = a5;
        Unsafe.Add(ref sums, 6) = a6;
        Unsafe.Add(ref sums, 7) = a7;
        Unsafe.Add(ref sums, 8) = b0;
        Unsafe.Add(ref sums, 9) = b1;
        Unsafe.Add(ref sums, 10) = b2;
        Unsafe.Add(ref sums, 11) = b3;
        Unsafe.Add(ref sums, 12) = b4;
        Unsafe.Add(ref sums, 13) = b5;
        Unsafe.Add(ref sums, 14) = b6;
        Unsafe.Add(ref sums, 15) = b7;
    }

    // The Vector256 and scalar paths: the slot's 32 scores go through a buffer to the sink.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScoreNarrow<TSink>(SimdWidth width, ref float x, float[] panels, int tile, int f, int inTile, ref TSink sink)
        where TSink : struct, ITileSink, allows ref struct
    {
        var y = panels.AsSpan((int)((long)tile * TileItems * f), TileItems * f);
        var xs = MemoryMarshal.CreateReadOnlySpan(ref x, QueriesPerTile * f);
        Span<float> scores = stackalloc float[TileItems];
        for (var slot = 0; slot < inTile; slot++)
        {
            if (width == SimdWidth.Vector256)
            {
                Slot256(xs, y, f, slot, scores);
            }
            else
            {
                SlotScalar(xs, y, f, slot, scores);
            }

            sink.Offer(slot, scores);
        }
    }

    // One query against the tile's 32 items: four 8-lane accumulators, one FMA per factor each.
    private static void Slot256(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int f, int slot, Span<float> scores)
    {
        ref var p = ref MemoryMarshal.GetReference(y);
        ref var q = ref Unsafe.Add(ref p, f * Lanes);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var j = 0; j < f; j++)
        {
            var s = Vector256.Create(x[(j * QueriesPerTile) + slot]);
            var at = (nuint)(j * Lanes);
            a0 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref p, at), a0);
            a1 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref p, at + 8), a1);
            a2 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref q, at), a2);
            a3 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref q, at + 8), a3);
        }

        a0.CopyTo(scores);
        a1.CopyTo(scores[8..]);
        a2.CopyTo(scores[16..]);
        a3.CopyTo(scores[24..]);
    }

    // The reference: each score its own FMA chain in factor order.
    private static void SlotScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int f, int slot, Span<float> scores)
    {
        for (var item = 0; item < TileItems; item++)
        {
            var at = (item / Lanes * f * Lanes) + (item % Lanes);
            var s = 0f;
            for (var j = 0; j < f; j++)
            {
                s = MathF.FusedMultiplyAdd(x[(j * QueriesPerTile) + slot], y[at + (j * Lanes)], s);
            }

            scores[item] = s;
        }
    }
}
