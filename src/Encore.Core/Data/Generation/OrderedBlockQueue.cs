using System.Runtime.ExceptionServices;

namespace Encore.Core.Data.Generation;

/// <summary>
/// Hands block numbers to workers in increasing order and gives finished blocks to the single writer in that
/// same order. At most <c>window</c> blocks are claimed and not yet written, which bounds memory and lets a
/// block's slot be its number modulo the window. A worker's failure is rethrown to the writer.
/// </summary>
internal sealed class OrderedBlockQueue
{
    private readonly object _gate = new();
    private readonly ListenBlock?[] _ready;
    private readonly Stack<ListenBlock> _free = new();
    private readonly int _blockCount;
    private int _nextClaim;
    private int _nextWrite;
    private bool _stopped;
    private ExceptionDispatchInfo? _failure;

    public OrderedBlockQueue(int blockCount, int window)
    {
        _blockCount = blockCount;
        _ready = new ListenBlock?[window];
    }

    /// <summary>Claims the next block number and a buffer for it; false when all are claimed or the run stopped.</summary>
    public bool TryClaim(out int index, out ListenBlock block)
    {
        lock (_gate)
        {
            while (!_stopped && _nextClaim < _blockCount && _nextClaim - _nextWrite >= _ready.Length)
            {
                Monitor.Wait(_gate);
            }

            if (_stopped || _nextClaim >= _blockCount)
            {
                index = -1;
                block = null!;
                return false;
            }

            index = _nextClaim++;
            block = _free.Count > 0 ? _free.Pop() : new ListenBlock();
            return true;
        }
    }

    public void Publish(int index, ListenBlock block)
    {
        lock (_gate)
        {
            _ready[index % _ready.Length] = block;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits for block <paramref name="index"/>; rethrows a worker's failure.</summary>
    public ListenBlock Take(int index)
    {
        lock (_gate)
        {
            var slot = index % _ready.Length;
            while (_ready[slot] is null && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            _failure?.Throw();
            var block = _ready[slot]!;
            _ready[slot] = null;
            return block;
        }
    }

    /// <summary>Returns a written block's buffer for reuse and lets the workers claim further.</summary>
    public void Recycle(ListenBlock block)
    {
        lock (_gate)
        {
            _free.Push(block);
            _nextWrite++;
            Monitor.PulseAll(_gate);
        }
    }

    public void Fail(Exception exception)
    {
        lock (_gate)
        {
            _failure ??= ExceptionDispatchInfo.Capture(exception);
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Makes every waiting and future claim return false (the writer gave up).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }
}
