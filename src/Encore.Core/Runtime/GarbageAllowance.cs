namespace Encore.Core.Runtime;

/// <summary>
/// Bounds the garbage a long chunked loop leaves behind. The GC sizes the room before its next full collection by what
/// survived the last one, so after a stage that keeps gigabytes alive (the ranker's models, matrices and history) it
/// lets a loop's large temporary arrays (per chunk: candidate lists, row groups) pile up to several times that before
/// it collects, and the process's peak grows with them. Checked once per chunk, a blocking gen-2 collection each time
/// the allowance has been allocated again keeps the pile to about the allowance. It does not compact: the collection
/// frees the garbage for the next chunks to reuse, and it costs little beside the chunks' work.
/// </summary>
public sealed class GarbageAllowance
{
    /// <summary>The ranker's chunked loops: a few chunks' temporaries, small beside what they keep alive.</summary>
    public const long RankerLoops = 256L << 20;

    private readonly long _allowance;
    private readonly Func<long> _allocated;
    private long _next;

    /// <param name="allowanceBytes">Bytes the process may allocate between two collections.</param>
    public GarbageAllowance(long allowanceBytes)
        : this(allowanceBytes, static () => GC.GetTotalAllocatedBytes())
    {
    }

    /// <param name="allowanceBytes">Bytes the process may allocate between two collections.</param>
    /// <param name="allocated">The process's allocated bytes so far (tests give their own count).</param>
    internal GarbageAllowance(long allowanceBytes, Func<long> allocated)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(allowanceBytes);
        _allowance = allowanceBytes;
        _allocated = allocated;
        _next = allocated() + allowanceBytes;
    }

    /// <summary>Collects when the allowance has been allocated since the last collection (or since this one was made).</summary>
    /// <returns>Whether it collected.</returns>
    public bool Check()
    {
        if (_allocated() < _next)
        {
            return false;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        _next = _allocated() + _allowance;
        return true;
    }
}
