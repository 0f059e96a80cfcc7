using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;

namespace Encore.Server.Apis;

/// <summary>
/// A connection middleware that turns Kestrel's own rejections into problem+json (issue 12, defect 4). Kestrel refuses
/// a request it cannot parse (a target that decodes to a NUL, a header name with a space, no Host, an unknown HTTP
/// version, a request line or headers beyond its limits) while parsing, before any application code runs, and writes
/// an empty answer itself: a 4xx or 5xx status line, <c>Content-Length: 0</c>, <c>Connection: close</c>, the date.
/// ASP.NET Core has no hook for that answer, so this rewrites it on its way to the socket: the output is passed
/// through untouched except for a write that is, on its own, exactly such an answer, which becomes the same status with
/// a problem+json body naming what was wrong. The reason is read from the status and from the start of the bytes
/// Kestrel last read (<see cref="RequestHeadCapture"/>), as Kestrel's exception is not visible here.
/// </summary>
internal static class KestrelRejections
{
    /// <summary>Wraps the connection's pipes for the rest of the pipeline.</summary>
    public static ConnectionDelegate Use(ConnectionDelegate next, ServerOptions options) => async connection =>
    {
        var transport = connection.Transport;
        var input = new RequestHeadCapture(transport.Input);
        connection.Transport = new DuplexPipe(input, new RejectionRewriter(transport.Output, input, options));
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            input.Release();
        }
    };

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

/// <summary>
/// Passes the connection's input through and keeps a copy of the start of every buffer read (at most
/// <see cref="Capacity"/> bytes): when Kestrel refuses a request, the last buffer it read starts at the request, or at
/// the headers it had not yet consumed, that it refused.
/// </summary>
internal sealed class RequestHeadCapture(PipeReader inner) : PipeReader
{
    public const int Capacity = 4096;

    private byte[]? _head = ArrayPool<byte>.Shared.Rent(Capacity);
    private int _length;

    /// <summary>The start of the last buffer read.</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _length);

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = inner.ReadAsync(cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            Capture(result.Buffer);
            return new(result);
        }

        return AwaitAsync(pending);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        Capture(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    /// <summary>Returns the copy's buffer once the connection is done.</summary>
    public void Release()
    {
        if (_head is { } head)
        {
            _head = null;
            _length = 0;
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitAsync(ValueTask<ReadResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        Capture(result.Buffer);
        return result;
    }

    private void Capture(ReadOnlySequence<byte> buffer)
    {
        if (_head is null)
        {
            return;
        }

        var length = (int)Math.Min(buffer.Length, Capacity);
        if (buffer.FirstSpan.Length >= length)
        {
            buffer.FirstSpan[..length].CopyTo(_head);
        }
        else
        {
            buffer.Slice(0, length).CopyTo(_head);
        }

        _length = length;
    }
}

/// <summary>
/// Passes the connection's output through and rewrites Kestrel's empty rejection (<see cref="KestrelRejections"/>).
/// Nothing is copied or held back: a response is written in place into the transport's buffer, and only the one write
/// that is a whole empty 4xx/5xx answer closing the connection, as the first write since a flush, is replaced before it
/// is committed. So that such an answer is one write, the first buffer asked for after a flush is at least
/// <see cref="HeadRoom"/> bytes (Kestrel writes a response's head into whatever the buffer has left, and splits it
/// where that runs out).
/// </summary>
internal sealed class RejectionRewriter(PipeWriter inner, RequestHeadCapture input, ServerOptions options) : PipeWriter
{
    private const int HeadRoom = 512;

    private Memory<byte> _last;
    private bool _flushed = true;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        _last = inner.GetMemory(_flushed ? Math.Max(sizeHint, HeadRoom) : sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (_flushed && bytes > 0)
        {
            _flushed = false;
            // An answer to HEAD has no body, whatever its headers say.
            if (bytes <= HeadRoom && bytes <= _last.Length && EmptyRejection.TryRead(_last.Span[..bytes], out var head)
                && !input.Head.StartsWith("HEAD "u8))
            {
                // Not committed yet: the answer is written over the same bytes.
                var answer = head.WithProblem(RejectionProblem.For(head.Status, input.Head, options));
                inner.Write(answer);
                return;
            }
        }

        inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        _flushed = true;
        return inner.FlushAsync(cancellationToken);
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        _flushed = true;
        return inner.WriteAsync(source, cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
