using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Encore.Core.Linalg;

// One query at a time (a request's fold-in): the same items in the same norm order with the same stop rule and the
// same FMA chain per score as Select, so the same list bit for bit, without the 8-query tile's seven
// idle slots. The tile kernel scores 8 queries × 32 items per step; for one query it spent 8× the multiplies needed.
internal sealed partial class NormPrunedScorer
{
    // Tiles scored together: four tiles' two accumulators each are eight independent FMA chains, enough to keep the
    // FMA units busy while each chain waits on its previous step.
    private const int Group = 4;

    /// <summary>Whether <see cref="SelectOne"/> has its vector path here (elsewhere it runs, exactly, on scalars).</summary>
    public bool SelectsOneFast => _width == SimdWidth.Vector512 && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// The best <c>ids.Length</c> items for <paramref name="query"/> (its first f values), best first (score, then lower
    /// id), leaving out <paramref name="excluded"/> (ascending); the same list and score bits as <see cref="Select"/>.
    /// </summary>
    /// <returns>How many were written.</returns>
    public int SelectOne(ReadOnlySpan<float> query, ReadOnlySpan<int> excluded, Span<int> ids, Span<float> scores)
    {
        var k = ids.Length;
        if (query.Length < _f || scores.Length < k)
        {
            throw new ArgumentException($"The query needs {_f} factors and the scores {k} slots.");
        }

        if (k == 0)
        {
            return 0;
        }

        scores = scores[..k];
        var bound = Norm(query[.._f]) * _slack;
        var count = 0;
        var tile = 0;
        Span<float> lanes = stackalloc float[TileKernel.TileItems];
        var fast = SelectsOneFast;
        while (tile < _tiles)
        {
            // Every item from this tile on has norm ≤ its first item's: once the k-th best beats that bound, stop.
            if (count == k && scores[0] > (bound * _tileNorm[tile]) + _floor)
            {
                break;
            }

            if (fast && tile + Group <= _tiles)
            {
                Score512(query, tile, out var a0, out var b0, out var a1, out var b1, out var a2, out var b2, out var a3, out var b3);
                Offer(tile, a0, b0, lanes, excluded, ids, scores, ref count);
                Offer(tile + 1, a1, b1, lanes, excluded, ids, scores, ref count);
                Offer(tile + 2, a2, b2, lanes, excluded, ids, scores, ref count);
                Offer(tile + 3, a3, b3, lanes, excluded, ids, scores, ref count);
                tile += Group;
                continue;
            }

            ScoreScalar(query, tile, lanes);
            Admit(tile, uint.MaxValue, lanes, excluded, ids, scores, ref count);
            tile++;
        }

        Interlocked.Add(ref _scored, (long)tile * TileKernel.TileItems);
        TopK.SortBestFirst(ids, scores, count);
        return count;
    }

    /// <summary>Tiles tile..tile+3 for one query: items 0–15 of each in aₜ, 16–31 in bₜ (the tile kernel's slot-0 chain).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Score512(
        ReadOnlySpan<float> query, int tile,
        out Vector512<float> a0, out Vector512<float> b0, out Vector512<float> a1, out Vector512<float> b1,
        out Vector512<float> a2, out Vector512<float> b2, out Vector512<float> a3, out Vector512<float> b3)
    {
        const int Lanes = TileKernel.Lanes;
        var f = _f;
        ref var x = ref MemoryMarshal.GetReference(query);
        ref var y = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_panels), (nint)tile * TileKernel.TileItems * f);
        nint second = f * Lanes;
        nint stride = TileKernel.TileItems * f;
        // The sums run in locals and reach the out parameters once: an out parameter is a reference to the caller's
        // stack, so FMAs into it would store and reload every sum on every factor.
        Vector512<float> c0 = default, d0 = default, c1 = default, d1 = default, c2 = default, d2 = default, c3 = default, d3 = default;
        for (var j = 0; j < f; j++, y = ref Unsafe.Add(ref y, Lanes))
        {
            var s = Vector512.Create(Unsafe.Add(ref x, j));
            c0 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref y), c0);
            d0 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref Unsafe.Add(ref y, second)), d0);
            c1 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref Unsafe.Add(ref y, stride)), c1);
            d1 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref Unsafe.Add(ref y, stride + second)), d1);
            c2 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref Unsafe.Add(ref y, 2 * stride)), c2);
            d2 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref Unsafe.Add(ref y, (2 * stride) + second)), d2);
            c3 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref Unsafe.Add(ref y, 3 * stride)), c3);
            d3 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref Unsafe.Add(ref y, (3 * stride) + second)), d3);
        }

        (a0, b0, a1, b1, a2, b2, a3, b3) = (c0, d0, c1, d1, c2, d2, c3, d3);
    }

    /// <summary>One tile's 32 scores, one FMA chain per item in factor order: the kernel's scalar path, the same bits.</summary>
    private void ScoreScalar(ReadOnlySpan<float> query, int tile, Span<float> lanes)
    {
        const int Lanes = TileKernel.Lanes;
        var f = _f;
        var y = _panels.AsSpan((int)((long)tile * TileKernel.TileItems * f), TileKernel.TileItems * f);
        for (var item = 0; item < TileKernel.TileItems; item++)
        {
            var at = ((item / Lanes) * f * Lanes) + (item % Lanes);
            var s = 0f;
            for (var j = 0; j < f; j++)
            {
                s = MathF.FusedMultiplyAdd(query[j], y[at + (j * Lanes)], s);
            }

            lanes[item] = s;
        }
    }

    // One compare per 16 scores once the heap is full, as HeapSink does.
    private void Offer(
        int tile, Vector512<float> lo, Vector512<float> hi, Span<float> lanes, ReadOnlySpan<int> excluded, Span<int> ids, Span<float> scores, ref int count)
    {
        var mask = uint.MaxValue;
        if (count == ids.Length)
        {
            var root = Vector512.Create(scores[0]);
            mask = (uint)Vector512.GreaterThanOrEqual(lo, root).ExtractMostSignificantBits()
                | ((uint)Vector512.GreaterThanOrEqual(hi, root).ExtractMostSignificantBits() << 16);
            if (mask == 0)
            {
                return;
            }
        }

        lo.StoreUnsafe(ref lanes[0]);
        hi.StoreUnsafe(ref lanes[TileKernel.Lanes]);
        Admit(tile, mask, lanes, excluded, ids, scores, ref count);
    }

    private void Admit(int tile, uint mask, ReadOnlySpan<float> lanes, ReadOnlySpan<int> excluded, Span<int> ids, Span<float> scores, ref int count) =>
        count = HeapSink.AdmitLanes(mask, lanes, _ids.AsSpan(tile * TileKernel.TileItems), excluded, ids, scores, count);
}
