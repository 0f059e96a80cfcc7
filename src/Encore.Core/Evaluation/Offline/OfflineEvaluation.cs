using Encore.Core.Artifacts;
using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Metrics;
using Encore.Core.Evaluation.Protocols;
using Encore.Core.Evaluation.Reports;
using Encore.Core.IO;
using Encore.Core.Models;
using Encore.Core.Models.Random;
using Encore.Core.Models.Similar;
using Encore.Core.Models.TopPopular;

namespace Encore.Core.Evaluation.Offline;

/// <summary>What was said about one model: how its lists were made, or why it was skipped.</summary>
public sealed record ModelNote(string Model, string Text);

/// <summary>One run of <c>encore evaluate</c>: the scores, a note per model, and the split they rest on.</summary>
public sealed record OfflineEvaluationReport(EvaluationResult Result, IReadOnlyList<ModelNote> Notes, DateOnly SplitDate)
{
    /// <summary>A metric per listener-activity decile and model; null under the seed protocol (no NDCG there).</summary>
    public ActivityBreakdown? Activity { get; init; }

    /// <summary>ALS's training loss per iteration (als_loss.json), or null when train did not record it.</summary>
    public IReadOnlyList<double>? AlsLoss { get; init; }
}

/// <summary>One metric's mean per listener-activity decile (<see cref="ActivityDeciles"/>), per model in report order.</summary>
public sealed record ActivityBreakdown(string Metric, IReadOnlyList<ActivityDecile> Deciles, IReadOnlyList<KeyValuePair<string, double[]>> Models);

/// <summary>
/// <c>encore evaluate</c>: builds or reads every model's lists, scores them with the chosen protocol, and writes
/// metrics.json, models.md and its charts into report/&lt;protocol&gt;/ (<see cref="ReportLocation"/>, all or nothing).
/// </summary>
/// <remarks>
/// Models are scored one at a time, so only one model's lists are in memory at once (68M ALS rows are ~0.3 GB).
/// </remarks>
public static class OfflineEvaluation
{
    /// <summary>The seed scored its baselines on the first 10,000 test users only (docs/seed.md §4.1, §9.9).</summary>
    public const int SeedBaselineUsers = 10_000;

    /// <summary>List length of <c>similar_to_history</c>: that of personal_als, so coverage compares like with like.</summary>
    public const int SimilarListLength = 50;

    /// <summary>
    /// Loads the data, evaluates, and writes the outputs into <c>&lt;reportRoot&gt;/&lt;protocol&gt;/</c> (all or nothing),
    /// the pipeline's layout.
    /// </summary>
    /// <param name="dataDirectory">Prepared data: events.parquet, split.json, items.parquet.</param>
    /// <param name="artifactsDirectory">The artifacts to score.</param>
    /// <param name="reportRoot">The report root; null means <see cref="ReportLocation.DefaultRoot"/>, report/ beside the artifacts.</param>
    /// <param name="options">What to evaluate.</param>
    /// <param name="progress">Progress of the steps.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <exception cref="EncoreException">Bad options, or a missing or malformed input (the message names it).</exception>
    public static OfflineEvaluationReport Run(
        string dataDirectory,
        string artifactsDirectory,
        string? reportRoot,
        EvaluateOptions options,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!Directory.Exists(artifactsDirectory))
        {
            throw new EncoreException($"Artifacts directory '{artifactsDirectory}' not found; run 'encore train' first.");
        }

        progress ??= NullProgress.Instance;
        progress.Report(new ProgressUpdate("read data", 0, 0));
        var inputs = EvaluationInputs.Load(dataDirectory, cancellationToken);
        var report = Evaluate(inputs, artifactsDirectory, options, progress, cancellationToken);

        using var output = StagedOutput.Create(reportRoot ?? ReportLocation.DefaultRoot(artifactsDirectory));
        ProtocolReport.Write(report, replay: null, artifactsDirectory, output.PathFor(report.Result.Protocol));
        output.Commit();
        return report;
    }

    /// <summary>Scores every selected model against <paramref name="inputs"/>; writes nothing.</summary>
    /// <exception cref="EncoreException">
    /// A model named in <see cref="EvaluateOptions.Models"/> has no artifact, or an artifact is malformed.
    /// </exception>
    public static OfflineEvaluationReport Evaluate(
        EvaluationInputs inputs,
        string artifactsDirectory,
        EvaluateOptions options,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        progress ??= NullProgress.Instance;
        var models = EvaluatedModels.Select(options.Models, EvaluatedModels.For(options.Sources));
        var run = new ModelRun(inputs, artifactsDirectory, options, cancellationToken);
        var lossPath = Path.Combine(artifactsDirectory, ArtifactFiles.AlsLoss);
        var result = new EvaluationResult(run.Protocol.Name, run.Protocol.K);
        var notes = new List<ModelNote>();
        for (var i = 0; i < models.Count; i++)
        {
            progress.Report(new ProgressUpdate($"evaluate ({run.Protocol.Name})", i, models.Count, "models"));
            var scores = run.Score(models[i], out var note);
            if (scores is not null)
            {
                result.Add(scores);
            }
            else if (options.Models is not null)
            {
                throw new EncoreException($"--models: {models[i]} cannot be evaluated: {note}.");
            }

            notes.Add(new ModelNote(models[i], note));
        }

        progress.Report(new ProgressUpdate($"evaluate ({run.Protocol.Name})", models.Count, models.Count, "models"));
        return new OfflineEvaluationReport(result, notes, inputs.SplitDate)
        {
            Activity = run.Activity(),
            AlsLoss = AlsLossFile.ReadIfExists(lossPath),
        };
    }

    /// <summary>The state one evaluation shares between its models.</summary>
    private sealed class ModelRun
    {
        private readonly EvaluationInputs _inputs;
        private readonly string _artifacts;
        private readonly EvaluateOptions _options;
        private readonly CancellationToken _cancellationToken;
        private readonly bool _seed;
        private readonly int _k;
        private readonly StandardProtocol? _standard;
        private readonly ActivityDeciles? _deciles;
        private readonly Ndcg? _activityMetric;
        private readonly List<KeyValuePair<string, double[]>> _activity = [];
        private SourceLists? _sources;

        public ModelRun(EvaluationInputs inputs, string artifacts, EvaluateOptions options, CancellationToken cancellationToken)
        {
            _inputs = inputs;
            _artifacts = artifacts;
            _options = options;
            _cancellationToken = cancellationToken;
            _seed = options.Protocol == EvaluateOptions.SeedProtocolName;
            Protocol = _seed ? new SeedProtocol(inputs.Data, options.K) : new StandardProtocol(inputs.Data, options.K);
            _k = Protocol.K[^1];
            if (Protocol is StandardProtocol standard)
            {
                _standard = standard;
                _activityMetric = new Ndcg(ReportCutoff.Of(standard.K));
                _deciles = ActivityDeciles.Split(TrainListens(inputs.TrainEvents, standard.TestItems.Users));
            }
        }

        public IEvaluationProtocol Protocol { get; }

        /// <summary>The activity breakdown of the models scored so far; null under the seed protocol.</summary>
        public ActivityBreakdown? Activity() =>
            _deciles is null ? null : new ActivityBreakdown(_activityMetric!.Name, _deciles.Groups, [.. _activity]);

        /// <summary>Scores one model's lists and, under the standard protocol, its metric per activity decile.</summary>
        private ModelScores Evaluate(string model, UserLists lists)
        {
            var scores = Protocol.Evaluate(model, lists, _cancellationToken);
            if (_standard is not null)
            {
                var perUser = _standard.PerUser(_activityMetric!, lists, _cancellationToken);
                _activity.Add(new(model, _deciles!.Means(perUser.Values)));
            }

            return scores;
        }

        /// <summary>Train listens (repeats counted) of each of <paramref name="users"/>, in their order.</summary>
        private static long[] TrainListens(EventLog train, ReadOnlySpan<int> users)
        {
            var counts = new Dictionary<int, long>();
            foreach (var user in train.Users)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, user, out _)++;
            }

            var listens = new long[users.Length];
            for (var i = 0; i < users.Length; i++)
            {
                listens[i] = counts.GetValueOrDefault(users[i]);
            }

            return listens;
        }

        /// <summary>The model's scores, or null (and why in <paramref name="note"/>) when its artifact is missing.</summary>
        public ModelScores? Score(string model, out string note) => model switch
        {
            EvaluatedModels.Random => Random(out note),
            EvaluatedModels.TopPopular => TopPopular(out note),
            EvaluatedModels.Als => FromFile(model, ArtifactFiles.PersonalAls, out note),
            EvaluatedModels.SimilarToHistory => SimilarToHistory(out note),
            EvaluatedModels.Ranker => Ranker(out note),
            _ => FromSource(model, out note),
        };

        private ModelScores Random(out string note)
        {
            var users = BaselineUsers();
            var lists = RecommenderLists.For(new RandomRecommender(_inputs.CatalogItems, _options.Seed), users, _k, heard: null, _cancellationToken);
            note = $"{_k} distinct items drawn uniformly from all {_inputs.CatalogItems.Length:N0} catalog items (heard items not excluded, " +
                $"as in docs/seed.md §4.1), seed {_options.Seed}, for {UsersPhrase(users.Length)}.";
            return Evaluate(EvaluatedModels.Random, lists);
        }

        private ModelScores? TopPopular(out string note)
        {
            var path = Path.Combine(_artifacts, ArtifactFiles.TopPopular);
            if (!File.Exists(path))
            {
                note = $"skipped: {ArtifactFiles.TopPopular} not found in the artifacts directory";
                return null;
            }

            var chart = TopPopularRecommender.FromChart(ArtifactReader.ReadTopPopular(path));
            var users = BaselineUsers();
            if (!_seed)
            {
                note = $"the {chart.Items.Length} items of {ArtifactFiles.TopPopular} minus the items each user heard in train, first {_k}, " +
                    $"for {UsersPhrase(users.Length)}.";
                return Evaluate(EvaluatedModels.TopPopular, RecommenderLists.For(chart, users, _k, _inputs.Data.Train, _cancellationToken));
            }

            note = $"the first {_k} of {ArtifactFiles.TopPopular} (heard items not filtered, as in the seed) for {UsersPhrase(users.Length)}; " +
                $"the cold_* numbers give every cold user the top {SeedProtocol.ColdDepth} (docs/seed.md §5.6).";
            var scores = Protocol.Evaluate(
                EvaluatedModels.TopPopular, RecommenderLists.For(chart, users, _k, heard: null, _cancellationToken), _cancellationToken);
            var cold = Protocol.Evaluate(
                EvaluatedModels.TopPopular,
                RecommenderLists.For(chart, _inputs.Data.ColdUsers(), SeedProtocol.ColdDepth, heard: null, _cancellationToken),
                _cancellationToken);
            return WithColdValues(scores, cold);
        }

        private ModelScores? FromFile(string model, string file, out string note)
        {
            var path = Path.Combine(_artifacts, file);
            if (!File.Exists(path))
            {
                note = $"skipped: {file} not found in the artifacts directory";
                return null;
            }

            var lists = ArtifactReader.ReadRecommendations(path, _cancellationToken);
            note = $"{file} as written: {lists.PairCount:N0} rows for {lists.UserCount:N0} users.";
            return Evaluate(model, lists);
        }

        private ModelScores? Ranker(out string note)
        {
            var scores = FromFile(EvaluatedModels.Ranker, ArtifactFiles.Recommendations, out note);
            if (scores is not null && _seed)
            {
                note += " The ranker was trained for the standard protocol: its labels are tracks new to the listener in the last days " +
                    "before the split, and heard tracks are never candidates, so the seed protocol's hits on re-listened tracks are out of its reach.";
            }

            return scores;
        }

        private ModelScores? SimilarToHistory(out string note)
        {
            var path = Path.Combine(_artifacts, ArtifactFiles.Similar);
            if (!File.Exists(path))
            {
                note = $"skipped: {ArtifactFiles.Similar} not found in the artifacts directory";
                return null;
            }

            var index = ArtifactReader.ReadSimilar(path, cancellationToken: _cancellationToken);
            var history = RecentListens.FromEvents(_inputs.TrainEvents, _options.HistoryLength);
            var model = new SimilarToHistory(index, _options.Merge);
            var length = Math.Max(_k, SimilarListLength);
            var lists = model.RecommendAll(history, _inputs.Data.Train, length, _cancellationToken);
            note = $"the neighbours in {ArtifactFiles.Similar} ({index.PairCount:N0} pairs of {index.ItemCount:N0} items) of each user's " +
                $"last {_options.HistoryLength} distinct train listens, merged by {(_options.Merge == SimilarMerge.Max ? "max" : "sum")} " +
                $"score, heard items excluded, up to {length} per user: lists for {lists.UserCount:N0} of {history.UserCount:N0} users with train history.";
            return Evaluate(EvaluatedModels.SimilarToHistory, lists);
        }

        /// <summary>A registered candidate source without an artifact of its own: its model rebuilt on train, asked for every test user.</summary>
        private ModelScores? FromSource(string model, out string note)
        {
            var source = _options.Sources.FirstOrDefault(s => s.EvaluatedModel == model)
                ?? throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model.");
            _sources ??= SourceLists.TryLoad(_inputs, _artifacts, _cancellationToken);
            if (_sources is null)
            {
                note = $"skipped: {ArtifactFiles.AlsModel} not found in the artifacts directory";
                return null;
            }

            var lists = _sources.ListsOf(source, BaselineUsers(), _k, _cancellationToken);
            note = $"candidate source '{source.Name}' rebuilt on train, unheard items, up to {_k} per user: lists for {lists.UserCount:N0} test users with train history.";
            return Evaluate(model, lists);
        }

        /// <summary>Seed: the first 10,000 test users (docs/seed.md §4.1); standard: every test user.</summary>
        private int[] BaselineUsers()
        {
            if (!_seed)
            {
                return _inputs.Data.Test.Users.ToArray();
            }

            var first = _inputs.TestUsersInOrder.AsSpan(0, Math.Min(SeedBaselineUsers, _inputs.TestUsersInOrder.Length)).ToArray();
            Array.Sort(first);
            return first;
        }

        private string UsersPhrase(int count) =>
            _seed ? $"the first {count:N0} test users in order of first listen (docs/seed.md §4.1)" : $"all {count:N0} test users";

        /// <summary>Seed protocol: the accuracy values of one list set with the cold_* values of another.</summary>
        private static ModelScores WithColdValues(ModelScores scores, ModelScores cold)
        {
            var values = new List<MetricValue>(scores.Values.Count);
            foreach (var value in scores.Values)
            {
                values.Add(value.Name.StartsWith("cold_", StringComparison.Ordinal) ? value with { Value = cold[value.Name] } : value);
            }

            return new ModelScores(scores.Model, values);
        }
    }
}
