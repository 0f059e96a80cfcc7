using System.Buffers;
using System.Runtime.CompilerServices;

namespace Encore.Core.Runtime;

/// <summary>Work on rows [start, end) with a scratch buffer that belongs to the calling worker.</summary>
internal delegate void RangeBody<T>(int start, int end, Span<T> scratch);

/// <summary>
/// Splits [0, count) into fixed-size contiguous ranges that workers claim one at a time (so uneven rows balance
/// out). Each worker rents its scratch once from <see cref="ArrayPool{T}"/>, mirroring implicit's malloc per
/// OpenMP thread; nothing is allocated per row. Range boundaries never depend on the thread count, so per-range
/// reductions summed in range order give the same bits with any number of threads.
/// </summary>
internal static class ParallelRanges
{
    public static int RangeCount(int count, int rangeSize) => (count + rangeSize - 1) / rangeSize;

    public static void For<T>(int count, int rangeSize, int threads, int scratchLength, RangeBody<T> body, CancellationToken cancellationToken = default)
    {
        var ranges = RangeCount(count, rangeSize);
        var workers = Math.Min(Math.Max(1, threads), ranges);
        if (workers <= 1)
        {
            var first = 0;
            RunWorker(count, rangeSize, ranges, scratchLength, body, ref first, cancellationToken);
            return;
        }

        var next = new StrongBox<int>(0);
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
        Parallel.For(0, workers, options, _ => RunWorker(count, rangeSize, ranges, scratchLength, body, ref next.Value, cancellationToken));
    }

    private static void RunWorker<T>(
        int count, int rangeSize, int ranges, int scratchLength, RangeBody<T> body, ref int next, CancellationToken cancellationToken)
    {
        var scratch = scratchLength > 0 ? ArrayPool<T>.Shared.Rent(scratchLength) : [];
        try
        {
            int range;
            while ((range = Interlocked.Increment(ref next) - 1) < ranges)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = range * rangeSize;
                body(start, Math.Min(count, start + rangeSize), scratch.AsSpan(0, scratchLength));
            }
        }
        finally
        {
            if (scratchLength > 0)
            {
                ArrayPool<T>.Shared.Return(scratch);
            }
        }
    }
}
