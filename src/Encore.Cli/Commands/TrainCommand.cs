using System.CommandLine;
using Encore.Core;
using Encore.Core.Data.Interactions;
using Encore.Core.IO;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;
using Encore.Core.Ranking;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Training;

namespace Encore.Cli.Commands;

/// <summary><c>encore train</c>: prepared data → top-popular, ALS personal recommendations, similar tracks, model, manifest.</summary>
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
        var confidence = new Option<string>("--confidence")
        {
            Description = "Confidence of an observed value r: alpha (c = α·r, implicit ≥ 0.5, the seed) or 1+alpha (c = 1 + α·r, Hu et al.).",
            DefaultValueFactory = _ => "alpha",
        };
        var values = new Option<string>("--values")
        {
            Description = "Matrix values: binary (the seed), plays (play counts) or bm25 (BM25-weighted plays).",
            DefaultValueFactory = _ => "binary",
        };
        var similar = new Option<string>("--similar")
        {
            Description = "similar.parquet by als (cosine of ALS item factors, the seed) or genre (IDF-weighted genre cosine, ties by popularity).",
            DefaultValueFactory = _ => "als",
        };
        var search = new Option<string>("--search")
        {
            Description = "How ALS similar items are searched: exact, fast (clustered, recall@10 ≥ 0.98) or auto (fast above 4,096 items).",
            DefaultValueFactory = _ => "auto",
        };
        var recs = new Option<int>("--recs") { Description = "Personal recommendations per user (seed: 50).", DefaultValueFactory = _ => 50 };
        var keepHeard = new Option<bool>("--keep-heard") { Description = "Keep already-heard items in personal lists, as the seed did (default: filtered)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores); the output does not depend on it.", DefaultValueFactory = _ => 0 };
        var randomSeed = new Option<int>("--seed") { Description = "Random seed of the ALS initial factors (seed: 0).", DefaultValueFactory = _ => seedAls.Seed };
        var splitDate = new Option<string?>("--split-date") { Description = "Train = listens before this date (yyyy-MM-dd); default: split.json's." };
        var ranker = new RankerOptions();
        var noRanker = new Option<bool>("--no-ranker") { Description = "Skip the two-stage ranker (recommendations.parquet, ranker_model.bin, ranker.json)." };
        var rankerCandidates = new Option<int>("--ranker-candidates")
        {
            Description = "ALS candidates per user for the ranker.", DefaultValueFactory = _ => ranker.AlsCandidates,
        };
        var rankerLabelDays = new Option<int>("--ranker-label-days")
        {
            Description = "Days before the split whose listens label the ranker's training rows.", DefaultValueFactory = _ => ranker.LabelWindowDays,
        };
        var rankerObjective = new Option<string>("--ranker-objective")
        {
            Description = "LightGBM objective: lambdarank or binary.", DefaultValueFactory = _ => ranker.Model.Objective == RankerObjective.Binary ? "binary" : "lambdarank",
        };
        var rankerTrees = new Option<int>("--ranker-trees") { Description = "LightGBM trees.", DefaultValueFactory = _ => ranker.Model.Trees };
        var rankerUsers = new Option<int>("--ranker-train-users")
        {
            Description = "Users to train the ranker on, sampled (0 = all with label-window listens).", DefaultValueFactory = _ => ranker.TrainUsers,
        };
        var rankerFeatures = new Option<bool>("--ranker-feature-columns")
        {
            Description = "Add every ranker feature as a column of recommendations.parquet (larger file; for inspection).",
        };

        var command = new Command("train", "Train top-popular, ALS and similar tracks on the train part; defaults follow the seed.")
        {
            data, output, factors, iterations, regularization, alpha, confidence, values, similar, search, recs, keepHeard, threads, randomSeed, splitDate,
            noRanker, rankerCandidates, rankerLabelDays, rankerObjective, rankerTrees, rankerUsers, rankerFeatures,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var date = parse.GetValue(splitDate);
            var options = new TrainOptions
            {
                Als = seedAls with
                {
                    Factors = parse.GetValue(factors),
                    Iterations = parse.GetValue(iterations),
                    Regularization = parse.GetValue(regularization),
                    Alpha = parse.GetValue(alpha),
                    Confidence = Choose("--confidence", parse.GetValue(confidence)!, ("alpha", AlsConfidence.AlphaTimesValue), ("1+alpha", AlsConfidence.OnePlusAlphaTimesValue)),
                    Threads = parse.GetValue(threads),
                    Seed = parse.GetValue(randomSeed),
                },
                Values = Choose("--values", parse.GetValue(values)!, ("binary", InteractionValues.Binary), ("plays", InteractionValues.PlayCount), ("bm25", InteractionValues.Bm25)),
                Similar = Choose("--similar", parse.GetValue(similar)!, ("als", SimilarityKind.Als), ("genre", SimilarityKind.Genre)),
                SimilarSearch = Choose("--search", parse.GetValue(search)!, ("auto", SimilarSearch.Auto), ("exact", SimilarSearch.Exact), ("fast", SimilarSearch.Fast)),
                Recommendations = parse.GetValue(recs),
                FilterAlreadyHeard = !parse.GetValue(keepHeard),
                SplitDate = date is null ? null : PrepareCommand.ParseDate(date, "--split-date"),
            };
            var rankerOptions = parse.GetValue(noRanker) ? null : ranker with
            {
                AlsCandidates = parse.GetValue(rankerCandidates),
                LabelWindowDays = parse.GetValue(rankerLabelDays),
                TrainUsers = parse.GetValue(rankerUsers),
                FeatureColumns = parse.GetValue(rankerFeatures),
                Model = ranker.Model with
                {
                    Objective = Choose("--ranker-objective", parse.GetValue(rankerObjective)!, ("lambdarank", RankerObjective.LambdaRank), ("binary", RankerObjective.Binary)),
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

    private static T Choose<T>(string parameter, string value, params ReadOnlySpan<(string Name, T Value)> choices)
    {
        foreach (var (name, choice) in choices)
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        var names = new string[choices.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = choices[i].Name;
        }

        throw new EncoreException($"{parameter}: '{value}' is not one of {string.Join(", ", names)}.");
    }
}
