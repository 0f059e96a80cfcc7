namespace Encore.Core.Artifacts.Store;

/// <summary>Adds up bytes moved by any number of concurrent transfers into one progress line.</summary>
internal sealed class ByteProgress(string stage, long total, IProgress<ProgressUpdate> progress) : IProgress<long>
{
    private long _done;

    public long Done => Interlocked.Read(ref _done);

    public void Report(long value) => progress.Report(new ProgressUpdate(stage, Interlocked.Add(ref _done, value), total, "bytes"));

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, reporting each buffer to <paramref name="bytes"/>.</summary>
    public static async Task CopyAsync(Stream source, Stream destination, IProgress<long> bytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            bytes.Report(read);
        }
    }
}
