using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Metrics;
using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay;

/// <summary>
/// The replay evaluation (docs/metrics.md, "replay"): each warm test listener's test listens are replayed in
/// listening order, and at every checkpoint each strategy's list — made by the Core code the service runs for its
/// kind — is scored against the tracks the listener discovers next.
/// </summary>
/// <remarks>
/// Per checkpoint only cheap work is done: the lists and the similar tracks are loaded once, and a strategy call is a
/// few span reads and a small sort. Listeners run in parallel; every case writes its own slots and every mean is
/// summed in case order, so the numbers do not depend on the thread count. Metrics are the standard protocol's
/// (<see cref="HitRate"/>, <see cref="Recall"/>, <see cref="Ndcg"/>) over a join whose "users" are the cases.
/// </remarks>
public static class ReplayEvaluation
{
    /// <summary>Replays the warm test listeners of <paramref name="test"/> (or a sample) through <paramref name="strategies"/>.</summary>
    /// <param name="test">Test-period listens in file (listening) order.</param>
    /// <param name="train">Each listener's train items.</param>
    /// <param name="serving">The serving set every strategy reads.</param>
    /// <param name="strategies">The strategies, in report order.</param>
    /// <param name="options">Checkpoints, target, events store size, k.</param>
    /// <param name="progress">Reports listeners done.</param>
    /// <param name="cancellationToken">Stops between listeners.</param>
    /// <exception cref="EncoreException">Bad options.</exception>
    public static ReplayResult Evaluate(
        EventLog test,
        UserLists train,
        ServingSet serving,
        IReadOnlyList<IReplayStrategy> strategies,
        ReplayOptions options,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var listeners = ReplayListeners.Warm(test, train, options.Users, options.Seed);
        return Evaluate(listeners, train, serving, strategies, options, progress, cancellationToken);
    }

    /// <summary>Replays the given <paramref name="listeners"/>.</summary>
    public static ReplayResult Evaluate(
        ReplayListeners listeners,
        UserLists train,
        ServingSet serving,
        IReadOnlyList<IReplayStrategy> strategies,
        ReplayOptions options,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(serving);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        progress ??= NullProgress.Instance;
        var ks = Cutoffs.Normalise(options.K);
        var depth = ks[^1];
        progress.Report(new ProgressUpdate("replay: checkpoints", 0, listeners.Count, "listeners"));
        var cases = ReplayCases.Build(listeners, train, options, cancellationToken);
        var lists = Serve(listeners, cases, serving, strategies, options, depth, progress, cancellationToken);

        var metrics = new List<IUserMetric>();
        foreach (var k in ks)
        {
            metrics.Add(new HitRate(k));
            metrics.Add(new Recall(k));
            metrics.Add(new Ndcg(k));
        }

        var casesByCheckpoint = new int[options.Checkpoints + 1];
        foreach (var c in cases.Checkpoint)
        {
            casesByCheckpoint[c]++;
        }

        var scores = new List<ReplayScores>(strategies.Count);
        for (var s = 0; s < strategies.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var context = EvaluationContext.Build(
                cases.Targets.Users, lists[s], depth, cases.Targets, cancellationToken: cancellationToken);
            var means = new double[metrics.Count];
            var curves = new double[metrics.Count][];
            for (var m = 0; m < metrics.Count; m++)
            {
                (means[m], curves[m]) = Aggregate(metrics[m].CalculatePerUser(context).Values, cases.Checkpoint, casesByCheckpoint);
            }

            scores.Add(new ReplayScores(strategies[s].Name, means, curves));
            lists[s] = UserLists.Empty;
        }

        return new ReplayResult(options, listeners.Count, casesByCheckpoint, [.. metrics.Select(m => m.Name)], scores);
    }

    /// <summary>Every strategy's list for every case, as lists keyed by case number.</summary>
    private static UserLists[] Serve(
        ReplayListeners listeners,
        ReplayCases cases,
        ServingSet serving,
        IReadOnlyList<IReplayStrategy> strategies,
        ReplayOptions options,
        int k,
        IProgress<ProgressUpdate> progress,
        CancellationToken cancellationToken)
    {
        var slots = new int[strategies.Count][];
        var counts = new int[strategies.Count][];
        for (var s = 0; s < strategies.Count; s++)
        {
            slots[s] = new int[checked(cases.Count * k)];
            counts[s] = new int[cases.Count];
        }

        var done = 0;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : -1 };
        Parallel.For(0, listeners.Count, parallel, () => new long[options.StoredEvents], (u, _, events) =>
        {
            var user = listeners.Users[u];
            var listens = listeners.Listens(u);
            var offline = serving.Offline.ItemsOf(user);
            for (var id = cases.ListenerStart[u]; id < cases.ListenerStart[u + 1]; id++)
            {
                var stored = ReplayCheckpoints.History(listens, cases.Checkpoint[id], options.StoredEvents, events);
                var history = OnlineHistory.From(events.AsSpan(0, stored), options.OnlineHistory);
                var request = new ReplayRequest(user, offline, events.AsSpan(0, stored), history);
                for (var s = 0; s < strategies.Count; s++)
                {
                    counts[s][id] = strategies[s].Recommend(request, slots[s].AsSpan(id * k, k));
                }
            }

            var finished = Interlocked.Increment(ref done);
            if (finished % 1024 == 0)
            {
                progress.Report(new ProgressUpdate("replay: serve", finished, listeners.Count, "listeners"));
            }

            return events;
        }, _ => { });
        progress.Report(new ProgressUpdate("replay: serve", listeners.Count, listeners.Count, "listeners"));

        var lists = new UserLists[strategies.Count];
        for (var s = 0; s < strategies.Count; s++)
        {
            lists[s] = Compact(cases.Targets.Users, slots[s], counts[s], k);
            slots[s] = [];
        }

        return lists;
    }

    private static UserLists Compact(ReadOnlySpan<int> ids, int[] slots, int[] counts, int k)
    {
        var offsets = new int[counts.Length + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            offsets[i + 1] = offsets[i] + counts[i];
        }

        var items = new int[offsets[^1]];
        for (var i = 0; i < counts.Length; i++)
        {
            slots.AsSpan(i * k, counts[i]).CopyTo(items.AsSpan(offsets[i]));
        }

        return UserLists.FromCsr(ids.ToArray(), offsets, items, ListKind.Ranked);
    }

    /// <summary>The mean over cases with c ≥ 1 and the mean at each c, summed in case order.</summary>
    private static (double Mean, double[] Curve) Aggregate(ReadOnlySpan<double> values, int[] checkpoints, int[] casesByCheckpoint)
    {
        var sums = new double[casesByCheckpoint.Length];
        var sum = 0.0;
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sums[checkpoints[i]] += values[i];
            if (checkpoints[i] >= 1)
            {
                sum += values[i];
                count++;
            }
        }

        var curve = new double[sums.Length];
        for (var c = 0; c < curve.Length; c++)
        {
            curve[c] = casesByCheckpoint[c] == 0 ? double.NaN : sums[c] / casesByCheckpoint[c];
        }

        return (count == 0 ? double.NaN : sum / count, curve);
    }
}
