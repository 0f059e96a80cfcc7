using Encore.Core.Data.Interactions;

namespace Encore.Core.Evaluation.Replay;

/// <summary>
/// Every (listener, checkpoint) pair of a replay that has a target, numbered 0, 1, … listener by listener and
/// checkpoint by checkpoint: the rows the metrics average over. Each case's target is kept ascending, as
/// <see cref="UserLists"/> (the metrics' test sets) wants it.
/// </summary>
public sealed class ReplayCases
{
    private ReplayCases(int[] listenerStart, int[] checkpoint, UserLists targets)
    {
        ListenerStart = listenerStart;
        Checkpoint = checkpoint;
        Targets = targets;
    }

    /// <summary>Number of cases.</summary>
    public int Count => Checkpoint.Length;

    /// <summary>Listener u's cases are <c>ListenerStart[u]..ListenerStart[u + 1]</c>.</summary>
    public int[] ListenerStart { get; }

    /// <summary>The checkpoint c of each case.</summary>
    public int[] Checkpoint { get; }

    /// <summary>The target of each case, keyed by case number.</summary>
    public UserLists Targets { get; }

    /// <summary>Builds the cases of <paramref name="listeners"/> at checkpoints 0…<see cref="ReplayOptions.Checkpoints"/>.</summary>
    public static ReplayCases Build(ReplayListeners listeners, UserLists train, ReplayOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        var perListener = new (int Checkpoint, int[] Target)[listeners.Count][];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : -1 };
        Parallel.For(0, listeners.Count, parallel, () => new int[options.Target], (u, _, scratch) =>
        {
            var listens = listeners.Listens(u);
            var heard = train.ItemsOf(listeners.Users[u]);
            var cases = new List<(int, int[])>();
            var last = Math.Min(options.Checkpoints, listens.Length - 1);
            for (var c = 0; c <= last; c++)
            {
                var count = ReplayCheckpoints.Target(listens, c, heard, options.Target, scratch);
                if (count > 0)
                {
                    var target = scratch[..count];
                    Array.Sort(target);
                    cases.Add((c, target));
                }
            }

            perListener[u] = [.. cases];
            return scratch;
        }, _ => { });

        var starts = new int[listeners.Count + 1];
        for (var u = 0; u < perListener.Length; u++)
        {
            starts[u + 1] = starts[u] + perListener[u].Length;
        }

        var total = starts[^1];
        var checkpoints = new int[total];
        var ids = new int[total];
        var offsets = new int[total + 1];
        var items = new List<int>();
        for (var u = 0; u < perListener.Length; u++)
        {
            for (var i = 0; i < perListener[u].Length; i++)
            {
                var id = starts[u] + i;
                ids[id] = id;
                checkpoints[id] = perListener[u][i].Checkpoint;
                items.AddRange(perListener[u][i].Target);
                offsets[id + 1] = items.Count;
            }
        }

        return new ReplayCases(starts, checkpoints, UserLists.FromCsr(ids, offsets, [.. items], ListKind.Set));
    }
}
