namespace Encore.Core.Data.Generation;

/// <summary>
/// Generates every user's listens on worker threads, in blocks of consecutive users, and streams them to
/// interactions.parquet in user order from the calling thread. Each user's draws come from an RNG keyed by
/// the user's index, so the file is the same for any number of threads.
/// </summary>
internal static class ListenGenerator
{
    public const string Stage = "Generating listens";
    public const int UsersPerBlock = 2048;

    public readonly record struct Totals(long Listens, long Orphans);

    public static async Task<Totals> RunAsync(
        ListenModel model, int threads, string path, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        var users = model.UserIds.Length;
        var blockCount = (users + UsersPerBlock - 1) / UsersPerBlock;
        var queue = new OrderedBlockQueue(blockCount, 2 * threads + 2);
        var workers = new Thread[threads];
        for (var w = 0; w < threads; w++)
        {
            workers[w] = new Thread(() => Work(model, queue, users, cancellationToken))
            {
                IsBackground = true,
                Name = $"encore-listens-{w}",
            };
            workers[w].Start();
        }

        long orphans = 0;
        progress.Report(new ProgressUpdate(Stage, 0, users, "users"));
        try
        {
            await using var writer = await InteractionsFileWriter.CreateAsync(path, cancellationToken);
            for (var b = 0; b < blockCount; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var block = queue.Take(b);
                await writer.AppendAsync(block, cancellationToken);
                orphans += block.Orphans;
                queue.Recycle(block);
                progress.Report(new ProgressUpdate(Stage, Math.Min(users, (long)(b + 1) * UsersPerBlock), users, "users"));
            }

            await writer.CompleteAsync(cancellationToken);
            return new Totals(writer.Written, orphans);
        }
        finally
        {
            queue.Stop();
            foreach (var worker in workers)
            {
                worker.Join();
            }
        }
    }

    private static void Work(ListenModel model, OrderedBlockQueue queue, int users, CancellationToken cancellationToken)
    {
        try
        {
            var simulator = new UserSimulator(model);
            while (queue.TryClaim(out var index, out var block))
            {
                var first = index * UsersPerBlock;
                var last = Math.Min(users, first + UsersPerBlock);
                block.Reset(index, last - first);
                for (var u = first; u < last; u++)
                {
                    if ((u & 255) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    simulator.Generate(u, block);
                }

                queue.Publish(index, block);
            }
        }
        catch (Exception e)
        {
            // Handed to the writer, which rethrows it on the calling thread.
            queue.Fail(e);
        }
    }
}
