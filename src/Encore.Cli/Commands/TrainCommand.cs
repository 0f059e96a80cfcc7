using System.CommandLine;
using Encore.Core.Data.Interactions;
using Encore.Core.IO;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;
using Encore.Core.Ranking;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Training;

namespace Encore.Cli.Commands;

/// <summary><c>encore train</c>: prepared data → top-popular, ALS personal recommendations, similar tracks, model, manifest.</summary>
/// <remarks>
/// The pipeline's train and ranker steps run alone: each flag is the kebab-case of an encore.json key of the train
/// section (ranker keys prefixed with ranker-) and takes the same values (docs/encore.json).
/// </remarks>
public static class TrainCommand
{
    public static Command Create()
    {
        var seedAls = TrainOptions.SeedAls;
        var data = new Option<string>("--data") { Description = "Directory with items.parquet, events.parquet and split.json (from prepare).", Required = true };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Artifacts directory: top_popular.parquet, personal_als.parquet, similar.parquet, als_model.bin, als_*_factors.parquet, manifest.json.",
            Required = true,
        };
        var factors = new Option<int>("--factors") { Description = "ALS factors (seed: 50).", DefaultValueFactory = _ => seedAls.Factors };
        var iterations = new Option<int>("--iterations") { Description = "ALS iterations (seed: 50).", DefaultValueFactory = _ => seedAls.Iterations };
        var regularization = new Option<float>("--regularization") { Description = "ALS λ (seed: 0.05).", DefaultValueFactory = _ => seedAls.Regularization };
        var alpha = new Option<float>("--alpha") { Description = "ALS confidence scale α (seed: 1).", DefaultValueFactory = _ => seedAls.Alpha };
        var defaults = new TrainOptions();
        var confidence = OptionChoice.Create(
            "--confidence",
            "Confidence of an observed value r: alpha_times_value (c = α·r, implicit ≥ 0.5, the seed) or one_plus_alpha_times_value (c = 1 + α·r, Hu et al.).",
            seedAls.Confidence);
        var values = OptionChoice.Create("--values", "Matrix values: binary (the seed), play_count or bm25 (BM25-weighted play counts).", defaults.Values);
        var similar = OptionChoice.Create(
            "--similar", "similar.parquet by als (cosine of ALS item factors, the seed) or genre (IDF-weighted genre cosine, ties by popularity).", defaults.Similar);
        var similarSearch = OptionChoice.Create(
            "--similar-search", "How ALS similar items are searched: exact, fast (clustered, recall@10 ≥ 0.98) or auto (fast above 4,096 items).", defaults.SimilarSearch);
        var recommendations = new Option<int>("--recommendations")
        {
            Description = "Personal recommendations per user (seed: 50).", DefaultValueFactory = _ => defaults.Recommendations,
        };
        var noFilterAlreadyHeard = new Option<bool>("--no-filter-already-heard")
        {
            Description = "Keep already-heard items in personal lists, as the seed did (filter_already_heard = false).",
        };
        var warmStart = new Option<int>("--warm-start-iterations")
        {
            Description = "With the ranker: fit ALS once on the ranker's fit part (train minus the label window) and run this many iterations " +
                "over all of train from it (0 = off: a cold all-data fit, and the ranker fits its own).",
            DefaultValueFactory = _ => defaults.WarmStartIterations,
        };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores); the output does not depend on it.", DefaultValueFactory = _ => 0 };
        var randomSeed = new Option<int>("--seed") { Description = "Random seed of the ALS initial factors (seed: 0).", DefaultValueFactory = _ => seedAls.Seed };
        var splitDate = new Option<string?>("--split-date") { Description = "Train = listens before this date (yyyy-MM-dd); default: split.json's." };
        var ranker = new RankerOptions();
        var noRanker = new Option<bool>("--no-ranker") { Description = "Skip the two-stage ranker (recommendations.parquet, ranker_model.bin, ranker.json)." };
        var noLiveRanker = new Option<bool>("--no-live-ranker")
        {
            Description = "Skip the live ranker (live_model.bin, live_ranker.json); kind=live then serves the blend, degraded.",
        };
        var rankerAlsCandidates = new Option<int>("--ranker-als-candidates")
        {
            Description = "ALS candidates per user for the ranker.", DefaultValueFactory = _ => ranker.AlsCandidates,
        };
        var rankerLabelWindowDays = new Option<int>("--ranker-label-window-days")
        {
            Description = "Days before the split whose listens label the ranker's training rows.", DefaultValueFactory = _ => ranker.LabelWindowDays,
        };
        var rankerObjective = OptionChoice.Create("--ranker-objective", "LightGBM objective: lambda_rank or binary.", ranker.Model.Objective);
        var rankerTrees = new Option<int>("--ranker-trees") { Description = "LightGBM trees.", DefaultValueFactory = _ => ranker.Model.Trees };
        var rankerUsers = new Option<int>("--ranker-train-users")
        {
            Description = "Users to train the ranker on, sampled (0 = all with label-window listens).", DefaultValueFactory = _ => ranker.TrainUsers,
        };
        var rankerFeatures = new Option<bool>("--ranker-feature-columns")
        {
            Description = "Add every ranker feature as a column of recommendations.parquet (larger file; for inspection).",
        };

        var command = new Command("train", "Train top-popular, ALS and similar tracks on the train part, then the ranker (the pipeline's train and ranker steps alone); " +
            "flags are encore.json's keys in kebab-case with its values (docs/encore.json); defaults follow the seed.")
        {
            data, output, factors, iterations, regularization, alpha, confidence, values, similar, similarSearch, recommendations, noFilterAlreadyHeard,
            warmStart, threads, randomSeed, splitDate, noRanker, noLiveRanker, rankerAlsCandidates, rankerLabelWindowDays, rankerObjective, rankerTrees, rankerUsers, rankerFeatures,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var date = parse.GetValue(splitDate);
            var withRanker = !parse.GetValue(noRanker);
            var options = new TrainOptions
            {
                Als = seedAls with
                {
                    Factors = parse.GetValue(factors),
                    Iterations = parse.GetValue(iterations),
                    Regularization = parse.GetValue(regularization),
                    Alpha = parse.GetValue(alpha),
                    Confidence = parse.Value<AlsConfidence>(confidence),
                    Threads = parse.GetValue(threads),
                    Seed = parse.GetValue(randomSeed),
                },
                Values = parse.Value<InteractionValues>(values),
                Similar = parse.Value<SimilarityKind>(similar),
                SimilarSearch = parse.Value<SimilarSearch>(similarSearch),
                Recommendations = parse.GetValue(recommendations),
                FilterAlreadyHeard = !parse.GetValue(noFilterAlreadyHeard),
                WarmStartIterations = parse.GetValue(warmStart),
                RankerLabelWindowDays = withRanker ? parse.GetValue(rankerLabelWindowDays) : null,
                RankerAlsCandidates = withRanker ? parse.GetValue(rankerAlsCandidates) : null,
                SplitDate = date is null ? null : PrepareCommand.ParseDate(date, "--split-date"),
            };
            var rankerOptions = !withRanker ? null : ranker with
            {
                AlsCandidates = parse.GetValue(rankerAlsCandidates),
                LabelWindowDays = parse.GetValue(rankerLabelWindowDays),
                TrainUsers = parse.GetValue(rankerUsers),
                FeatureColumns = parse.GetValue(rankerFeatures),
                Live = !parse.GetValue(noLiveRanker),
                Model = ranker.Model with
                {
                    Objective = parse.Value<RankerObjective>(rankerObjective),
                    Trees = parse.GetValue(rankerTrees),
                    Threads = parse.GetValue(threads),
                },
            };
            rankerOptions?.Validate();
            var dataDir = parse.GetValue(data)!;
            var outDir = parse.GetValue(output)!;
            // Train commits its artifacts before the ranker runs; a ranker that fails takes back a directory this run made.
            using var claim = OutputDirectoryClaim.Before(outDir);
            Run(cli, dataDir, outDir, options);
            if (rankerOptions is not null)
            {
                RunRanker(cli, dataDir, outDir, rankerOptions);
            }

            claim.Keep();
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>Trains and prints a one-line summary; shared with <c>demo</c>.</summary>
    public static TrainSummary Run(CliContext cli, string dataDir, string outDir, TrainOptions options)
    {
        var summary = cli.WithProgress(progress => Trainer.Train(dataDir, outDir, options, progress, cli.CancellationToken));
        var total = 0.0;
        foreach (var (_, seconds) in summary.Manifest.TimingsSeconds)
        {
            total += seconds;
        }

        cli.Output.WriteLine(
            $"Trained on {summary.TrainListens:N0} listens before {summary.SplitDate:yyyy-MM-dd} ({summary.Users:N0} users, " +
            $"{summary.Items:N0} items); wrote {summary.Manifest.Artifacts.Count + 1} files to {Path.GetFullPath(outDir)} in {total:F1} s.");
        return summary;
    }

    /// <summary>Trains the ranker on what <see cref="Run"/> wrote and prints a one-line summary.</summary>
    public static RankerSummary RunRanker(CliContext cli, string dataDir, string outDir, RankerOptions options)
    {
        var summary = cli.WithProgress(progress => RankerTrainer.Train(dataDir, outDir, options, progress, cli.CancellationToken));
        var seconds = summary.TimingsSeconds.Sum(t => t.Value);
        cli.Output.WriteLine(
            $"Ranker: trained on {summary.TrainRows:N0} rows of {summary.TrainUsers:N0} users (candidate recall {summary.Recall.All:P1} in the " +
            $"label window); wrote {summary.Rows:N0} recommendations for {summary.Users:N0} users in {seconds:F1} s.");
        return summary;
    }
}
