using System.Diagnostics;
using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Data;
using Encore.Core.Data.DuckDb;
using Encore.Core.IO;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;
using Encore.Core.Models.TopPopular;
using Encore.Core.Runtime;

namespace Encore.Core.Training;

/// <summary>What <see cref="Trainer.Train"/> did.</summary>
public sealed record TrainSummary(DateOnly SplitDate, int Users, int Items, long TrainListens, Manifest Manifest);

/// <summary>
/// <c>encore train</c>: prepared data → top_popular.parquet, personal_als.parquet, similar.parquet, als_model.bin,
/// als_user_factors.parquet, als_item_factors.parquet, catalog.parquet, the id maps of string ids (user_ids.parquet,
/// item_ids.parquet, when the data has them) and manifest.json, written through
/// <see cref="StagedOutput"/> so the artifacts directory gets all of them or none. The set is self-contained: the
/// service needs nothing else, and no file names a path of this machine. With a ranker to follow
/// (<see cref="TrainOptions.SharedAlsCandidates"/>) it also keeps the ranker's ALS candidates in als_candidates.bin,
/// the ranker's input only.
/// </summary>
public static class Trainer
{
    public static TrainSummary Train(
        string dataDirectory,
        string artifactsDirectory,
        TrainOptions options,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        progress ??= NullProgress.Instance;
        var itemsPath = Path.Combine(dataDirectory, FileNames.Items);
        var eventsPath = Path.Combine(dataDirectory, FileNames.Events);
        var splitPath = Path.Combine(dataDirectory, FileNames.Split);
        RequiredInputs.Check((itemsPath, "prepare"), (eventsPath, "prepare"));
        // Before the output directory is touched or a minute of ALS is spent: a column of the wrong type is named now.
        PreparedSchema.CheckTrainingInputs(dataDirectory);

        var splitDate = options.SplitDate ?? SplitJson.ReadSplitDate(splitPath);
        var timings = new List<KeyValuePair<string, double>>();
        var clock = Stopwatch.StartNew();
        void Lap(string step)
        {
            timings.Add(new(step, clock.Elapsed.TotalSeconds));
            clock.Restart();
        }

        using var staged = StagedOutput.Create(artifactsDirectory);
        var artifacts = new List<ManifestFile>();
        void Add(string file, long? rows) => artifacts.Add(ManifestFile.Of(staged.PathFor(file), file, rows));

        // The fit part first, while nothing else is in memory: only its factors and id maps are kept past it, and the
        // train listens, read once for both fits.
        EventLog? train = EventLog.Read(eventsPath, cancellationToken).SplitAt(splitDate).Train;
        RankerFitPart? fitPart = null;
        if (options.FitsRankerPart)
        {
            fitPart = RankerFitPart.Fit(
                train, dataDirectory, splitDate, options.RankerLabelWindowDays!.Value, options, staged.PathFor(ArtifactFiles.FitPartAls),
                progress, cancellationToken);
            MemoryRelease.Now();
            Lap("fit_part_als");
        }

        progress.Report(new ProgressUpdate("Load data", 0, 0));
        var dataset = Dataset.Build(train, ItemsFileReader.ReadItemIds(itemsPath), options.Values, eventsPath);
        train = null;
        var trainListens = (long)dataset.PlayCounts.Sum();
        if (trainListens == 0)
        {
            throw new EncoreException($"{eventsPath}: no listens before the split date {splitDate:yyyy-MM-dd}; there is nothing to train on.");
        }

        var idMaps = IdMaps.Read(dataDirectory, dataset);
        Lap("load");

        progress.Report(new ProgressUpdate("Top popular", 0, 0));
        var top = new TopPopularRecommender(options.TopPopular);
        top.Fit(dataset.PlayCounts);
        Add(ArtifactFiles.TopPopular, TopPopularFileWriter.Write(staged.PathFor(ArtifactFiles.TopPopular), top, dataset.Items, itemsPath));
        Lap("top_popular");

        var als = new AlsRecommender(options.Als);
        // The loss is computed only when calculate_loss asks for it (it costs a pass over the matrix per iteration);
        // then it is kept for the report instead of thrown away.
        var losses = new List<double>();
        var warmStart = fitPart?.WarmStart(dataset.Users, dataset.Items, options.WarmStartIterations);
        als.Fit(dataset.UserItems, warmStart, progress, iteration => losses.Add(iteration.Loss), cancellationToken);
        Lap("als_fit");
        if (options.Als.CalculateLoss)
        {
            AlsLossFile.Write(staged.PathFor(ArtifactFiles.AlsLoss), losses);
            Add(ArtifactFiles.AlsLoss, losses.Count);
        }

        // With a ranker to follow, one search serves both: top-n under the strict order (score, then lower id) is the
        // first n of top-k, so personal_als takes each list's first Recommendations and the ranker reads the rest.
        var shared = options.SharedAlsCandidates;
        var recs = als.RecommendAll(Math.Max(options.Recommendations, shared), options.FilterAlreadyHeard, progress, cancellationToken);
        var personalRows = RankedListsFileWriter.Write(
            staged.PathFor(ArtifactFiles.PersonalAls), Columns.UserId, Columns.ItemId, dataset.Users.ExternalIds, recs, dataset.Items,
            options.Recommendations, cancellationToken);
        Add(ArtifactFiles.PersonalAls, personalRows);
        if (shared > 0)
        {
            AlsCandidatesFile.Write(staged.PathFor(ArtifactFiles.AlsCandidates), recs, als);

            // The longer lists (~1 GB at full scale) are garbage now: returned before the similar search, not kept at its peak.
            MemoryRelease.Now();
        }

        Lap("personal_als");

        var similarity = FitSimilarity(options, dataset, als, itemsPath);
        var lists = similarity.SimilarToAll(options.SimilarItems, progress, cancellationToken);
        var sources = new long[lists.Sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = dataset.Items.ToExternal(lists.Sources[i]);
        }

        var similarRows = RankedListsFileWriter.Write(
            staged.PathFor(ArtifactFiles.Similar), Columns.ItemId1, Columns.ItemId2, sources, lists.Lists, dataset.Items,
            cancellationToken);
        Add(ArtifactFiles.Similar, similarRows);
        Lap("similar");

        progress.Report(new ProgressUpdate("Save model", 0, 0));
        AlsModelFile.Save(staged.PathFor(ArtifactFiles.AlsModel), als, dataset.Users, dataset.Items);
        Add(ArtifactFiles.AlsModel, null);
        Lap("save_model");

        Add(ArtifactFiles.AlsUserFactors, AlsFactorsFileWriter.Write(
            staged.PathFor(ArtifactFiles.AlsUserFactors), Columns.UserId, als.UserFactors, dataset.Users, cancellationToken));
        Add(ArtifactFiles.AlsItemFactors, AlsFactorsFileWriter.Write(
            staged.PathFor(ArtifactFiles.AlsItemFactors), Columns.ItemId, als.ItemFactors, dataset.Items, cancellationToken));
        Lap("save_factors");

        Add(ArtifactFiles.Catalog, CatalogFileWriter.Write(itemsPath, staged.PathFor(ArtifactFiles.Catalog)));
        Lap("catalog");

        // The maps of string ids travel with the set, byte for byte, so the service answers in the log's own ids.
        foreach (var (file, map) in idMaps)
        {
            File.Copy(Path.Combine(dataDirectory, file.File), staged.PathFor(file.File));
            Add(file.File, map.Count);
        }

        var inputs = new List<ManifestFile> { ManifestFile.Of(itemsPath, FileNames.Items), ManifestFile.Of(eventsPath, FileNames.Events) };
        if (File.Exists(splitPath))
        {
            inputs.Add(ManifestFile.Of(splitPath, FileNames.Split));
        }

        inputs.AddRange(idMaps.Select(m => ManifestFile.Of(Path.Combine(dataDirectory, m.File.File), m.File.File)));

        Lap("hash_inputs");
        var parameters = Parameters(options);
        if (File.Exists(staged.PathFor(ArtifactFiles.FitPartAls)))
        {
            // Not an artifact of the set (the service never reads it, publish leaves it): the ranker's input, named
            // here with the window it was cut by, so a ranker with another window fits its own.
            parameters.Add(new("warm_start_iterations", options.WarmStartIterations));
            parameters.Add(new(RankerFitPart.LabelWindowParameter, options.RankerLabelWindowDays!.Value));
        }

        var manifest = new Manifest(
            DateTime.UtcNow, splitDate, inputs, parameters, artifacts, timings);
        manifest.Write(staged.PathFor(ArtifactFiles.Manifest));
        staged.Commit();
        IdMaps.DeleteStale(artifactsDirectory, idMaps);
        if (shared == 0)
        {
            // An earlier run's lists belong to an earlier model; the ranker would ignore them, and they are large.
            File.Delete(Path.Combine(artifactsDirectory, ArtifactFiles.AlsCandidates));
        }

        return new TrainSummary(splitDate, dataset.Users.Count, dataset.Items.Count, trainListens, manifest);
    }

    /// <summary>The similarity similar.parquet holds, fitted on <paramref name="dataset"/> (the ranker fits the same kind on its fit part).</summary>
    internal static IItemSimilarity FitSimilarity(TrainOptions options, Dataset dataset, AlsRecommender als, string itemsPath)
    {
        var plays = dataset.ItemPlays();
        var candidates = new List<int>();
        for (var item = 0; item < plays.Length; item++)
        {
            if (plays[item] > 0)
            {
                candidates.Add(item);
            }
        }

        if (options.Similar == SimilarityKind.Genre)
        {
            var genre = new GenreItemSimilarity();
            genre.Fit(ItemGenres.Read(itemsPath, dataset.Items).Matrix, plays, [.. candidates]);
            return genre;
        }

        var cosine = AlsSimilarity(options);
        cosine.Fit(als.ItemFactors, [.. candidates]);
        return cosine;
    }

    /// <summary>The ALS cosine similarity <paramref name="options"/> ask for, not fitted.</summary>
    internal static AlsItemSimilarity AlsSimilarity(TrainOptions options) =>
        new(options.Als.Threads, options.SimilarSearch, options.Als.Seed) { Probes = options.SimilarProbes };

    // The keys are encore.json's train and train.als keys, the values their spellings there (docs/encore.json).
    private static List<KeyValuePair<string, object>> Parameters(TrainOptions options)
    {
        var als = options.Als;
        return
        [
            new("factors", als.Factors),
            new("iterations", als.Iterations),
            new("regularization", als.Regularization),
            new("alpha", als.Alpha),
            new("confidence", OptionValues.Name(als.Confidence)),
            new("values", OptionValues.Name(options.Values)),
            new("solver", OptionValues.Name(als.Solver)),
            new("cg_steps", als.CgSteps),
            new("seed", als.Seed),
            new("similar", OptionValues.Name(options.Similar)),
            new("similar_search", OptionValues.Name(options.SimilarSearch)),
            new("similar_probes", options.SimilarProbes),
            new("recommendations", options.Recommendations),
            new("similar_items", options.SimilarItems),
            new("top_popular", options.TopPopular),
            new("filter_already_heard", options.FilterAlreadyHeard),
        ];
    }
}
