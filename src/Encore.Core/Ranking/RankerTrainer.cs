using System.Diagnostics;
using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Data;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;
using Encore.Core.IO;
using Encore.Core.Models.Als;
using Encore.Core.Randomness;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Ranking.Live;
using Encore.Core.Runtime;
using Encore.Core.Training;

namespace Encore.Core.Ranking;

/// <summary>
/// The two-stage ranker (<c>encore train</c> after the candidate models, the pipeline's ranker step): trains LightGBM
/// on a label window cut from the end of train, then ranks every train user's candidates for the test period and
/// writes recommendations.parquet, ranker_model.bin and ranker.json, and adds them to manifest.json.
/// </summary>
/// <remarks>
/// Training: ALS (the train step's options) and similar tracks are fitted on the fit part, candidates and features
/// come from it, and labels from the window (<see cref="LabelWindow"/>), so the model learns what a listener plays
/// next, not what they already played (the seed's leak, docs/seed.md §4.6). With train.warm_start_iterations, train
/// has fitted that fit-part ALS already (fit_part_als.bin, the same model) and it is loaded instead of fitted again.
/// Scoring: the same candidates and features
/// over all of train, from the train step's als_model.bin and similar.parquet; the ALS candidates are read from
/// als_candidates.bin when train kept them from its own search of that model (the same lists bit for bit, checked
/// by the model's fingerprint), else searched, and the file is deleted once the ranker's files are committed. Everything is written through
/// <see cref="StagedOutput"/>: all files or none.
/// </remarks>
public static class RankerTrainer
{
    public static RankerSummary Train(
        string dataDirectory,
        string artifactsDirectory,
        RankerOptions options,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default) =>
        Train(dataDirectory, artifactsDirectory, options, options?.Live == false ? null : new LiveOptions(), progress, cancellationToken);

    /// <summary>
    /// As <see cref="Train(string, string, RankerOptions, IProgress{ProgressUpdate}?, CancellationToken)"/>, and with
    /// <paramref name="live"/> also the live ranker (live_model.bin and live_ranker.json) on the same label window;
    /// null trains the batch ranker alone. The batch ranker's files do not depend on it.
    /// </summary>
    public static RankerSummary Train(
        string dataDirectory,
        string artifactsDirectory,
        RankerOptions options,
        LiveOptions? live,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        live?.Validate();
        progress ??= NullProgress.Instance;
        var itemsPath = Path.Combine(dataDirectory, FileNames.Items);
        var eventsPath = Path.Combine(dataDirectory, FileNames.Events);
        var alsPath = Path.Combine(artifactsDirectory, ArtifactFiles.AlsModel);
        var similarPath = Path.Combine(artifactsDirectory, ArtifactFiles.Similar);
        var manifestPath = Path.Combine(artifactsDirectory, ArtifactFiles.Manifest);
        RequiredInputs.Check((itemsPath, "prepare"), (eventsPath, "prepare"), (alsPath, "train"), (similarPath, "train"), (manifestPath, "train"));
        PreparedSchema.CheckTrainingInputs(dataDirectory);

        var timings = new List<KeyValuePair<string, double>>();
        var clock = Stopwatch.StartNew();
        void Lap(string step)
        {
            timings.Add(new("ranker_" + step, clock.Elapsed.TotalSeconds));
            clock.Restart();
        }

        // A phase's scratch arrays are garbage when it ends, but the GC lets garbage pile up to several times what
        // stays alive before it collects: the fit's phases return theirs before the next begins.
        void Released(string step)
        {
            MemoryRelease.Now();
            Lap(step);
        }

        progress.Report(new ProgressUpdate("Ranker: load", 0, 0));
        var manifest = Manifest.Read(manifestPath);
        var trainOptions = TrainOptionsOf(manifest);
        // The full model (factors and its copy of the train matrix, ~1.2 GB at full scale) is not needed while the
        // fit part's model is trained: only its options and id maps are read now (not the gigabyte behind them), and
        // it is read whole for scoring, so the two models never sit in memory together.
        var (alsOptions, users, items) = AlsModelFile.ReadOptionsAndIds(alsPath);
        trainOptions = trainOptions with { Als = alsOptions };
        var catalog = ItemsFileReader.ReadItemIds(itemsPath);
        var tags = ItemTags.Read(itemsPath, items);
        EventLog? train = EventLog.Read(eventsPath, cancellationToken).SplitAt(manifest.SplitDate).Train;
        var fitPartPath = FittedPart(manifest, artifactsDirectory, options.LabelWindowDays);
        // Reading left the whole event log and the ALS file behind (~2 GB at full scale): returned before the fit.
        Released("load");

        var (model, rows, liveModel) = Fit(
            LabelWindow.Split(train, manifest.SplitDate, options.LabelWindowDays), catalog, tags, trainOptions, itemsPath, fitPartPath, options, live,
            progress, Released, cancellationToken);
        MemoryRelease.Now();

        // Scoring looks at all of train: the fit part and the label window together. Its matrix and history are built
        // first, while no model is held, and then the listens are let go, so the builds' scratch arrays (several
        // times the listens) never stack on the models.
        var dataset = Dataset.Build(train, catalog, trainOptions.Values, eventsPath);
        if (dataset.Users.Count != users.Count || dataset.Items.Count != items.Count)
        {
            throw new EncoreException(
                $"{alsPath} was trained on {users.Count:N0} users × {items.Count:N0} items, but the data has {dataset.Users.Count:N0} × " +
                $"{dataset.Items.Count:N0} before {manifest.SplitDate:yyyy-MM-dd}; run train again.");
        }

        var history = ListeningHistory.Build(train, users, items, EventLog.DayOf(manifest.SplitDate));
        train = null;
        MemoryRelease.Now();
        var als = SharingMatrix(AlsModelFile.Load(alsPath).Model, dataset.UserItems);
        var similar = SimilarIndexes.ToInternal(ArtifactReader.ReadSimilar(similarPath, cancellationToken: cancellationToken), items);
        // Train's search of this very model (checked by its fingerprint), when it kept lists long enough: read, not searched again.
        var alsListsPath = Path.Combine(artifactsDirectory, ArtifactFiles.AlsCandidates);
        using var alsLists = options.AlsCandidates > 0 ? AlsCandidatesFile.TryOpen(alsListsPath, als, options.AlsCandidates) : null;
        var stage = RankerStage.Create(history, dataset.PlayCounts, als, similar, tags, options, alsLists);

        // What the set-up read on the way (the file's copy of the matrix, similar.parquet in external ids, the recent
        // listens' scratch) is garbage now; scoring itself keeps its garbage bounded.
        Released("score_setup");
        if (alsLists is not null)
        {
            progress.Report(new ProgressUpdate("Ranker: ALS candidates read from train's search", 0, 0));
        }

        progress.Report(new ProgressUpdate("Ranker: score", 0, users.Count, "users"));
        using var staged = StagedOutput.Create(artifactsDirectory);
        var written = new List<ManifestFile>();
        var recommendationsPath = staged.PathFor(ArtifactFiles.Recommendations);
        long recommendationRows;
        using (var writer = new RecommendationsFileWriter(recommendationsPath, options.FeatureColumns ? RankerFeatures.For(options.Sources) : []))
        {
            Score(stage, model, users, items, options, writer, progress, cancellationToken);
            writer.Complete(cancellationToken);
            recommendationRows = writer.Rows;
        }

        Lap("score");
        progress.Report(new ProgressUpdate("Ranker: write", 0, 0));
        written.Add(ManifestFile.Of(recommendationsPath, ArtifactFiles.Recommendations, recommendationRows));
        model.Save(staged.PathFor(ArtifactFiles.RankerModel));
        written.Add(ManifestFile.Of(staged.PathFor(ArtifactFiles.RankerModel), ArtifactFiles.RankerModel));
        Lap("write");

        var summary = new RankerSummary(
            rows.Users, rows.Rows, rows.Positives, rows.Recall, users.Count, recommendationRows, model.Importance(), timings, written);
        RankerJson.Write(
            staged.PathFor(ArtifactFiles.RankerJson), options, model.FeatureNames, summary,
            RankerFeatures.Labels(tags, ItemsFileReader.ReadGenreNames(itemsPath)));
        written.Add(ManifestFile.Of(staged.PathFor(ArtifactFiles.RankerJson), ArtifactFiles.RankerJson));
        if (liveModel is { } trained)
        {
            // The live ranker's files come after the batch ranker's, so the batch files and their manifest entries stay as they were.
            trained.Model.Save(staged.PathFor(ArtifactFiles.LiveModel));
            written.Add(ManifestFile.Of(staged.PathFor(ArtifactFiles.LiveModel), ArtifactFiles.LiveModel));
            LiveRankerJson.Write(staged.PathFor(ArtifactFiles.LiveRankerJson), live!, trained.Model, trained.Summary);
            written.Add(ManifestFile.Of(staged.PathFor(ArtifactFiles.LiveRankerJson), ArtifactFiles.LiveRankerJson));
        }

        WithRanker(manifest, options, written, timings).Write(staged.PathFor(ArtifactFiles.Manifest));
        staged.Commit();
        // Train's lists were this run's input only (~1 GB at full scale): not an artifact of the set.
        alsLists?.Dispose();
        File.Delete(alsListsPath);
        if (liveModel is null)
        {
            // An earlier run's live model was trained beside another batch model: the service must not load it with this one.
            File.Delete(Path.Combine(artifactsDirectory, ArtifactFiles.LiveModel));
            File.Delete(Path.Combine(artifactsDirectory, ArtifactFiles.LiveRankerJson));
        }

        return summary;
    }

    /// <summary>
    /// fit_part_als.bin when train fitted it for this label window (manifest.json says so), else null: the ranker
    /// then fits ALS on its fit part itself. A file left by an earlier train run is not named by the manifest.
    /// </summary>
    private static string? FittedPart(Manifest manifest, string artifactsDirectory, int labelWindowDays)
    {
        if (manifest.Parameter(RankerFitPart.LabelWindowParameter) is not long days || days != labelWindowDays)
        {
            return null;
        }

        var path = Path.Combine(artifactsDirectory, ArtifactFiles.FitPartAls);
        RequiredInputs.Check((path, "train"));
        return path;
    }

    /// <summary>
    /// <paramref name="als"/> over <paramref name="userItems"/> in place of the copy of its training matrix that
    /// als_model.bin carries, when the two hold the same cells and values (train built both from the same listens):
    /// one matrix in memory instead of two (~0.5 GB each at full scale). A file fitted on other listens keeps its own
    /// copy, so what is filtered and scored never changes.
    /// </summary>
    internal static AlsRecommender SharingMatrix(AlsRecommender als, SparseMatrix userItems)
    {
        var own = als.UserItems;
        var same = own.Rows == userItems.Rows && own.Columns == userItems.Columns && own.IndPtr.SequenceEqual(userItems.IndPtr)
            && own.Indices.SequenceEqual(userItems.Indices) && own.Values.SequenceEqual(userItems.Values);
        return same ? AlsRecommender.FromFactors(als.Options, als.UserFactors, als.ItemFactors, userItems) : als;
    }

    /// <summary>Train's options with the fit part's similar search: its lists shape only the training rows.</summary>
    internal static TrainOptions FitPartSearch(TrainOptions trainOptions, RankerOptions options) =>
        options.FitPartSimilarProbes > 0 ? trainOptions with { SimilarProbes = options.FitPartSimilarProbes } : trainOptions;

    /// <summary>The train step's options as manifest.json records them (values and similarity kind matter here).</summary>
    private static TrainOptions TrainOptionsOf(Manifest manifest)
    {
        var defaults = new TrainOptions();
        return new TrainOptions
        {
            Values = manifest.Parameter("values") is string values ? OptionValues.Parse<InteractionValues>(values, $"{ArtifactFiles.Manifest}: values") : defaults.Values,
            Similar = manifest.Parameter("similar") is string similar ? OptionValues.Parse<SimilarityKind>(similar, $"{ArtifactFiles.Manifest}: similar") : defaults.Similar,
            SimilarItems = manifest.Parameter("similar_items") is long k ? checked((int)k) : defaults.SimilarItems,
            SimilarProbes = manifest.Parameter("similar_probes") is long probes ? checked((int)probes) : defaults.SimilarProbes,
        };
    }

    private sealed record TrainingSet(int Users, long Rows, long Positives, CandidateRecall Recall);

    private static (RankerModel Model, TrainingSet Rows, (RankerModel Model, LiveTrainingSummary Summary)? Live) Fit(
        LabelWindow window, int[] catalog, CatalogTags tags, TrainOptions trainOptions, string itemsPath, string? fitPartPath, RankerOptions options,
        LiveOptions? live,
        IProgress<ProgressUpdate> progress, Action<string> lap, CancellationToken cancellationToken)
    {
        var fit = Dataset.Build(window.Fit, catalog, trainOptions.Values);
        AlsRecommender als;
        if (fitPartPath is null)
        {
            als = new AlsRecommender(trainOptions.Als);
            als.Fit(fit.UserItems, progress, cancellationToken: cancellationToken);
            lap("fit_als");
        }
        else
        {
            als = LoadFitPart(fitPartPath, fit);
            lap("load_als");
        }

        var similar = SimilarIndexes.FromLists(
            Trainer.FitSimilarity(FitPartSearch(trainOptions, options), fit, als, itemsPath).SimilarToAll(trainOptions.SimilarItems, progress, cancellationToken));
        lap("fit_similar");

        var history = ListeningHistory.Build(window.Fit, fit.Users, fit.Items, window.Start);
        var stage = RankerStage.Create(history, fit.PlayCounts, als, similar, tags, options);
        var labels = LabelsOf(window.Labels, fit.Users, fit.Items);
        var trainUsers = SampleUsers(labels.Users, options.TrainUsers, options.Seed);
        var rows = new TrainingRows(labels, fit.PlayCounts, options.NegativesPerPositive, options.Seed);
        var table = new FeatureTable(RankerFeatures.For(options.Sources), capacity: 1 << 16);
        for (var start = 0; start < trainUsers.Length; start += RankerStage.ChunkUsers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = trainUsers.AsSpan(start, Math.Min(RankerStage.ChunkUsers, trainUsers.Length - start));
            stage.AddRows(chunk, table, rows.Filter, cancellationToken);
            progress.Report(new ProgressUpdate("Ranker: training rows", start + chunk.Length, trainUsers.Length, "users"));
        }

        var positives = 0L;
        foreach (var label in table.Labels)
        {
            positives += label > 0 ? 1 : 0;
        }

        if (positives == 0)
        {
            throw new EncoreException(
                $"No candidate of the {trainUsers.Length:N0} training users was played in the {options.LabelWindowDays}-day label window; " +
                "raise 'als_candidates' or 'label_window_days'.");
        }

        lap("training_rows");
        progress.Report(new ProgressUpdate("Ranker: train LightGBM", 0, 0));
        var model = RankerModel.Train(table, options.Model, cancellationToken);
        lap("fit_model");
        var recall = new CandidateRecall(
            rows.NewListens, rows.Recall, [.. options.Sources.Select((source, s) => new KeyValuePair<string, double>(source.Name, rows.RecallOf(s)))]);
        if (live is null)
        {
            return (model, new TrainingSet(trainUsers.Length, table.Rows, positives, recall), null);
        }

        // The live ranker replays the same label window as sessions against the same fit-part models, with the batch
        // ranker just trained writing each listener's offline list, as the service will hold them.
        var liveModel = LiveTraining.Train(
            new LiveTrainingInputs(fit, als, similar, stage, model, window.Labels, itemsPath, trainOptions.Values, options.Recommendations),
            live, progress, cancellationToken);
        lap("live");
        return (model, new TrainingSet(trainUsers.Length, table.Rows, positives, recall), liveModel);
    }

    /// <summary>The fit part's ALS as train fitted it, checked to be over the same users and items as <paramref name="fit"/>.</summary>
    private static AlsRecommender LoadFitPart(string path, Dataset fit)
    {
        var (als, users, items) = AlsModelFile.Load(path);
        if (!users.ExternalIds.SequenceEqual(fit.Users.ExternalIds) || !items.ExternalIds.SequenceEqual(fit.Items.ExternalIds))
        {
            throw new EncoreException(
                $"{path} was fitted on {users.Count:N0} users × {items.Count:N0} items, but the fit part of the data has {fit.Users.Count:N0} × " +
                $"{fit.Items.Count:N0}; run train again.");
        }

        // The file's copy of the matrix equals fit.UserItems (same listens, same build): one copy is kept, not two.
        return AlsRecommender.FromFactors(als.Options, als.UserFactors, als.ItemFactors, fit.UserItems);
    }

    /// <summary>The label window's tracks per fit user (internal ids); users not in the fit part are cold there and left out.</summary>
    private static UserLists LabelsOf(EventLog labels, IdMap users, IdMap items)
    {
        var rows = new List<int>(labels.Count);
        var columns = new List<int>(labels.Count);
        for (var k = 0; k < labels.Count; k++)
        {
            if (users.TryToInternal(labels.Users[k], out var user) && items.TryToInternal(labels.Items[k], out var item))
            {
                rows.Add(user);
                columns.Add(item);
            }
        }

        return UserLists.FromPairs(rows.ToArray(), columns.ToArray());
    }

    /// <summary>Up to <paramref name="count"/> of <paramref name="users"/> (all when 0), ascending; the draw depends only on the random seed and each user.</summary>
    internal static int[] SampleUsers(ReadOnlySpan<int> users, int count, int seed)
    {
        if (count == 0 || users.Length <= count)
        {
            return users.ToArray();
        }

        var keys = new ulong[users.Length];
        var sample = users.ToArray();
        for (var i = 0; i < sample.Length; i++)
        {
            keys[i] = new SplitMix64(((ulong)(uint)seed << 32) ^ (uint)sample[i] ^ 0x9E3779B97F4A7C15UL).NextUInt64();
        }

        Array.Sort(keys, sample);
        var chosen = sample[..count];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>
    /// Scores every user's candidates chunk by chunk (with the options' shortlist: docs/ranker.md, "Scoring in stages")
    /// and streams the top <see cref="RankerOptions.Recommendations"/> of each to <paramref name="writer"/>.
    /// </summary>
    private static void Score(
        RankerStage stage, RankerModel model, IdMap users, IdMap items, RankerOptions options, RecommendationsFileWriter writer,
        IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        var k = options.Recommendations;
        var withFeatures = writer.FeatureColumns > 0;
        var table = new FeatureTable(model.FeatureNames, capacity: 1 << 16);
        var scores = Array.Empty<float>();
        var order = Array.Empty<ScoredItem>();
        var chunk = new int[RankerStage.ChunkUsers];
        var garbage = new GarbageAllowance(GarbageAllowance.RankerLoops);
        for (var start = 0; start < users.Count; start += RankerStage.ChunkUsers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(RankerStage.ChunkUsers, users.Count - start);
            for (var i = 0; i < length; i++)
            {
                chunk[i] = start + i;
            }

            table.Clear();
            var (firstRows, counts) = stage.AddRows(chunk.AsSpan(0, length), table, filter: null, cancellationToken);
            if (scores.Length < table.Rows)
            {
                scores = new float[table.Rows];
            }

            if (options.Shortlist == 0)
            {
                model.Score(table, scores.AsSpan(0, table.Rows));
            }
            else
            {
                // Rows that do not go past the first stage score −∞, so the sort puts them after every written row.
                model.ScoreShortlisted(
                    table, firstRows.AsSpan(0, length), counts.AsSpan(0, length), k, options.Shortlist, options.ShortlistTrees, scores.AsSpan(0, table.Rows));
            }

            if (order.Length < table.Rows)
            {
                order = new ScoredItem[table.Rows];
            }

            SortEachUser(stage, firstRows, length, scores, order);
            for (var i = 0; i < length; i++)
            {
                var scored = order.AsSpan(firstRows[i], counts[i]);
                var user = checked((int)users.ToExternal(start + i));
                var taken = Math.Min(k, counts[i]);
                for (var r = 0; r < taken; r++)
                {
                    writer.Add(
                        user, checked((int)items.ToExternal(scored[r].Item)), scored[r].Score, r + 1,
                        withFeatures ? table.Row(scored[r].Row) : default);
                }
            }

            progress.Report(new ProgressUpdate("Ranker: score", start + length, users.Count, "users"));
            garbage.Check();
        }
    }

    /// <summary>
    /// Each user's candidates of the chunk by score, best first, ties by item, into <paramref name="order"/> at the
    /// user's rows. Users are sorted in parallel (the writer that follows is sequential, so one core would sort alone);
    /// each user's sort is the same as on one thread.
    /// </summary>
    /// <remarks>
    /// The order is sorted as one 64-bit key per candidate (score descending, then item): unique keys, so the order is
    /// that of the comparison it replaced, at a fraction of a delegate sort's cost.
    /// </remarks>
    private static void SortEachUser(RankerStage stage, int[] firstRows, int chunkUsers, float[] scores, ScoredItem[] order) =>
        Parallel.For(0, chunkUsers, i =>
        {
            var candidates = stage.Candidates(i);
            var first = firstRows[i];
            var n = candidates.Length;
            var keys = n <= 1024 ? stackalloc ulong[n] : new ulong[n];
            var positions = n <= 1024 ? stackalloc int[n] : new int[n];
            for (var c = 0; c < n; c++)
            {
                keys[c] = ScoreThenItem(scores[first + c], candidates[c].Item);
                positions[c] = c;
            }

            keys.Sort(positions);
            var scored = order.AsSpan(first, n);
            for (var r = 0; r < n; r++)
            {
                var c = positions[r];
                scored[r] = new ScoredItem(scores[first + c], candidates[c].Item, first + c);
            }
        });

    /// <summary>
    /// A key whose ascending order is <paramref name="score"/> descending, then <paramref name="item"/> ascending (−0
    /// and +0 one score, as float comparison has them); scores are never NaN (sums of leaves, or −∞).
    /// </summary>
    internal static ulong ScoreThenItem(float score, int item)
    {
        var bits = BitConverter.SingleToUInt32Bits(score + 0f);
        var ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return ((ulong)~ascending << 32) | (uint)item;
    }

    private readonly record struct ScoredItem(float Score, int Item, int Row);

    private static Manifest WithRanker(
        Manifest manifest, RankerOptions options, List<ManifestFile> written, IReadOnlyList<KeyValuePair<string, double>> timings)
    {
        // Every file this step may write is replaced, so one an earlier run wrote and this one did not (the live
        // ranker's, when it is off now) leaves the manifest with it.
        var names = written.Select(f => f.File).Concat([ArtifactFiles.LiveModel, ArtifactFiles.LiveRankerJson]).ToHashSet(StringComparer.Ordinal);
        var parameters = manifest.Parameters.Where(p => !p.Key.StartsWith("ranker_", StringComparison.Ordinal)).ToList();
        parameters.Add(new("ranker_objective", OptionValues.Name(options.Model.Objective)));
        parameters.Add(new("ranker_trees", options.Model.Trees));
        parameters.Add(new("ranker_als_candidates", options.AlsCandidates));
        parameters.Add(new("ranker_label_window_days", options.LabelWindowDays));
        parameters.Add(new("ranker_seed", options.Seed));
        return manifest with
        {
            Parameters = parameters,
            Artifacts = [.. manifest.Artifacts.Where(f => !names.Contains(f.File)), .. written],
            TimingsSeconds = [.. manifest.TimingsSeconds.Where(t => !t.Key.StartsWith("ranker_", StringComparison.Ordinal)), .. timings],
        };
    }
}
