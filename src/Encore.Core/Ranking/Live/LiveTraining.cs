using System.Collections.Concurrent;
using Encore.Core.Data;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Ranking.Live;

/// <summary>What the live ranker trains on: the label window's models and lists, as the service would hold them at the window's start.</summary>
/// <param name="Fit">The fit part's dataset (listens before the label window).</param>
/// <param name="Als">ALS fitted on the fit part (its training matrix is every listener's train row).</param>
/// <param name="Similar">Similar tracks fitted on the fit part, internal ids.</param>
/// <param name="Stage">The batch ranker's candidates and features over the fit part.</param>
/// <param name="Batch">The batch ranker trained on the window: what wrote the offline lists.</param>
/// <param name="Labels">The label window's listens, in listening order.</param>
/// <param name="ItemsPath">items.parquet (artists and genres by name).</param>
/// <param name="Values">What the ALS training matrix holds (fold-in counts an event as a train play).</param>
/// <param name="OfflineLength">How long an offline list is (the ranker's recommendations per user).</param>
internal sealed record LiveTrainingInputs(
    Dataset Fit, AlsRecommender Als, SimilarItemsIndex Similar, RankerStage Stage, RankerModel Batch, EventLog Labels, string ItemsPath,
    Data.Interactions.InteractionValues Values, int OfflineLength);

/// <summary>
/// Trains the live ranker (live_model.bin): the label window's listens replayed as sessions against the fit part's
/// models (<see cref="LiveTrainingRows"/>), each row's offline list the batch ranker's list over the fit part, then
/// LightGBM on the rows.
/// </summary>
internal static class LiveTraining
{
    /// <returns>The model and its training figures; null when no replayed checkpoint's candidates held a next listen (too little data to train on).</returns>
    public static (RankerModel Model, LiveTrainingSummary Summary)? Train(
        LiveTrainingInputs inputs, LiveOptions options, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var fit = inputs.Fit;
        var sessions = LiveSessions.From(inputs.Labels, fit.Users, fit.Items);
        var positions = RankerTrainer.SampleUsers(Enumerable.Range(0, sessions.Users.Length).ToArray(), options.TrainUsers, options.Seed);
        var users = positions.Select(p => sessions.Users[p]).ToArray();
        progress.Report(new ProgressUpdate("Live ranker: offline lists", 0, users.Length, "users"));
        var offline = OfflineLists(inputs.Stage, inputs.Batch, users, inputs.OfflineLength, cancellationToken);

        var plays = fit.ItemPlays();
        var chart = Enumerable.Range(0, plays.Length).Where(i => plays[i] > 0)
            .OrderByDescending(i => plays[i]).ThenBy(i => i).Take(100).ToArray();
        var (artists, genres) = LiveTags.Read(inputs.ItemsPath, fit.Items);
        var foldIn = new AlsFoldIn(inputs.Als, new AlsFoldInOptions { Values = inputs.Values });
        var engine = new LiveEngine(foldIn, inputs.Similar, chart, artists, genres, options);
        var rows = new LiveTrainingRows(engine);

        var groups = new List<LiveTrainingRows.Group>[users.Length];
        var pool = new ConcurrentBag<LiveWorking>();
        var done = 0;
        Parallel.For(
            0, users.Length, new ParallelOptions { CancellationToken = cancellationToken },
            () => pool.TryTake(out var reused) ? reused : engine.CreateWorking(),
            (i, _, working) =>
            {
                groups[i] = rows.Rows(users[i], sessions.Listens(positions[i]), offline[i], working);
                if (Interlocked.Increment(ref done) % 4096 == 0)
                {
                    progress.Report(new ProgressUpdate("Live ranker: training rows", done, users.Length, "users"));
                }

                return working;
            },
            pool.Add);

        var table = new FeatureTable(LiveFeatures.Names, capacity: 1 << 16);
        int group = 0, checkpoints = 0;
        long positives = 0, targets = 0;
        foreach (var perUser in groups)
        {
            foreach (var g in perUser)
            {
                checkpoints++;
                targets += g.TargetSize;
                if (g.Items.Length == 0)
                {
                    continue;
                }

                for (var r = 0; r < g.Items.Length; r++)
                {
                    g.Features.AsSpan(r * table.Columns, table.Columns).CopyTo(table.AddRow(group, g.Labels[r]));
                    positives += g.Labels[r] > 0 ? 1 : 0;
                }

                group++;
            }
        }

        if (positives == 0)
        {
            // Too little data (a handful of listeners): the set goes without a live ranker, and the service degrades.
            return null;
        }

        progress.Report(new ProgressUpdate("Live ranker: train LightGBM", 0, 0));
        var model = RankerModel.Train(table, options.Model, cancellationToken);
        var summary = new LiveTrainingSummary(users.Length, checkpoints, table.Rows, positives, targets == 0 ? double.NaN : (double)positives / targets);
        return (model, summary);
    }

    /// <summary>The batch ranker's best <paramref name="k"/> per user (internal ids), as recommendations.parquet would list them.</summary>
    private static int[][] OfflineLists(RankerStage stage, RankerModel model, int[] users, int k, CancellationToken cancellationToken)
    {
        var lists = new int[users.Length][];
        var table = new FeatureTable(model.FeatureNames, capacity: 1 << 16);
        var scores = Array.Empty<float>();
        for (var start = 0; start < users.Length; start += RankerStage.ChunkUsers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(RankerStage.ChunkUsers, users.Length - start);
            table.Clear();
            var (firstRows, counts) = stage.AddRows(users.AsSpan(start, length), table, filter: null, cancellationToken);
            if (scores.Length < table.Rows)
            {
                scores = new float[table.Rows];
            }

            model.Score(table, scores.AsSpan(0, table.Rows));
            for (var i = 0; i < length; i++)
            {
                var first = firstRows[i];
                var items = new int[counts[i]];
                var keys = new (float Score, int Item)[counts[i]];
                var candidates = stage.Candidates(i);
                for (var c = 0; c < items.Length; c++)
                {
                    items[c] = candidates[c].Item;
                    keys[c] = (scores[first + c], items[c]);
                }

                // Best score first, ties by lower item: the order recommendations.parquet lists them in.
                Array.Sort(keys, items, Comparer<(float Score, int Item)>.Create(
                    static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item)));
                var list = items[..Math.Min(k, items.Length)];
                lists[start + i] = list;
            }
        }

        return lists;
    }
}
