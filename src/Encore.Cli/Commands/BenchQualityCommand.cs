using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Encore.Core;
using Encore.Core.Config;
using Encore.Core.Data.Interactions;
using Encore.Core.Benchmarks.Quality;
using Encore.Core.Models.Als;

namespace Encore.Cli.Commands;

/// <summary>
/// <c>encore bench quality</c>: top-popular and ALS accuracy on a real interaction log under a per-user random
/// holdout; one row per configuration, the best, and a JSON summary as the last line (bench/quality/README.md).
/// </summary>
internal static class BenchQualityCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input")
        {
            Description = "A user,item[,weight] CSV/TSV file (header optional) or an events.parquet.",
            Required = true,
        };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of each user's items held out.", DefaultValueFactory = _ => 0.2 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the split and of ALS's initial factors.", DefaultValueFactory = _ => 42 };
        var k = new Option<int>("--k") { DefaultValueFactory = _ => 10 };
        var factors = new Option<int>("--factors") { DefaultValueFactory = _ => 64 };
        var iterations = new Option<int>("--iterations") { DefaultValueFactory = _ => 15 };
        var regularization = new Option<float>("--regularization") { DefaultValueFactory = _ => 0.01f };
        var alpha = new Option<float>("--alpha") { DefaultValueFactory = _ => 1f };
        var confidence = OptionChoice.Create(
            "--confidence", "alpha_times_value (c = alpha*r) or one_plus_alpha_times_value (c = 1 + alpha*r).", AlsConfidence.AlphaTimesValue);
        var values = new Option<string?>("--values")
        {
            Description = "Matrix cells: binary, play_count, or bm25 (of the play counts); default play_count. With --grid, a comma-separated list; default binary,play_count,bm25.",
        };
        var grid = new Option<bool>("--grid")
        {
            Description = "Run regularization {0.01,0.1,1} x alpha {1,10,40} x both confidence modes x --values (default binary,play_count,bm25).",
        };
        var threads = new Option<int>("--threads") { Description = "0 = one per processor.", DefaultValueFactory = _ => 0 };

        var command = new Command("quality", "Top-popular and ALS precision, recall and NDCG at k on a per-user random holdout.")
        {
            input, testFraction, seed, k, factors, iterations, regularization, alpha, confidence, values, grid, threads,
        };
        command.SetAction(pr => CommandRunner.Run(pr, cli =>
        {
            var baseOptions = new AlsOptions
            {
                Factors = pr.GetValue(factors),
                Iterations = pr.GetValue(iterations),
                Regularization = pr.GetValue(regularization),
                Alpha = pr.GetValue(alpha),
                Confidence = pr.Value<AlsConfidence>(confidence),
                Seed = pr.GetValue(seed),
                Threads = pr.GetValue(threads),
            };
            baseOptions.Validate();
            var isGrid = pr.GetValue(grid);
            var valuesText = pr.GetValue(values) ?? (isGrid ? "binary,play_count,bm25" : OptionValues.Name(InteractionValues.PlayCount));
            var modes = valuesText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(mode => OptionValues.Parse<InteractionValues>(mode, "--values")).Distinct().ToArray();
            if (!isGrid && modes.Length != 1)
            {
                throw new EncoreException($"--values takes one mode without --grid, got '{valuesText}'.");
            }

            var configs = isGrid ? AlsQualityConfig.Grid(baseOptions, modes) : [new AlsQualityConfig(modes[0], baseOptions)];
            Run(cli, pr.GetValue(input)!, pr.GetValue(testFraction), pr.GetValue(seed), pr.GetValue(k), configs);
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static void Run(CliContext cli, FileInfo input, double testFraction, int seed, int k, IReadOnlyList<AlsQualityConfig> configs)
    {
        var output = cli.Output;
        output.WriteLine($"reading {input.FullName}");
        var data = InteractionFiles.ReadPlays(input.FullName, cli.CancellationToken);
        var bench = new QualityBenchmark(data.Matrix, testFraction, (ulong)(uint)seed, k);
        output.WriteLine(
            $"{data.Matrix.Rows:N0} users, {data.Matrix.Columns:N0} items, {data.Matrix.Nnz:N0} pairs; " +
            $"test: {bench.Split.Test.Nnz:N0} pairs of {bench.TestUsers:N0} users (fraction {testFraction}, random seed {seed}, users with < 5 pairs train only)");

        var header = $"{"model",-44} {"P@" + k,8} {"R@" + k,8} {"NDCG@" + k,8} {"time_s",8}";
        output.WriteLine(header);
        var popular = bench.TopPopular(cli.CancellationToken);
        output.WriteLine(Row("top_popular", popular));
        var results = new List<(AlsQualityConfig Config, QualityScores Scores)>();
        foreach (var config in configs)
        {
            var scores = bench.Als(config, cli.CancellationToken);
            results.Add((config, scores));
            output.WriteLine(Row($"als {config.Name}", scores));
        }

        var best = results[0];
        foreach (var result in results)
        {
            if (result.Scores.Ndcg > best.Scores.Ndcg)
            {
                best = result;
            }
        }

        output.WriteLine($"best (NDCG@{k}): {Row($"als {best.Config.Name}", best.Scores)}");
        output.WriteLine(Json(input, data.Matrix, bench, testFraction, seed, popular, results, best.Config));
    }

    private static string Row(string model, QualityScores s) =>
        string.Create(CultureInfo.InvariantCulture, $"{model,-44} {s.Precision,8:0.0000} {s.Recall,8:0.0000} {s.Ndcg,8:0.0000} {s.Seconds,8:0.00}");

    private static string Json(
        FileInfo input,
        SparseMatrix matrix,
        QualityBenchmark bench,
        double testFraction,
        int seed,
        QualityScores popular,
        List<(AlsQualityConfig Config, QualityScores Scores)> results,
        AlsQualityConfig best)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("input", input.Name);
            json.WriteNumber("users", matrix.Rows);
            json.WriteNumber("items", matrix.Columns);
            json.WriteNumber("pairs", matrix.Nnz);
            json.WriteNumber("test_pairs", bench.Split.Test.Nnz);
            json.WriteNumber("test_users", bench.TestUsers);
            json.WriteNumber("test_fraction", testFraction);
            json.WriteNumber("seed", seed);
            json.WriteNumber("k", bench.K);
            json.WritePropertyName("top_popular");
            WriteScores(json, popular);
            json.WriteStartArray("als");
            foreach (var (config, scores) in results)
            {
                json.WriteStartObject();
                json.WriteString("values", OptionValues.Name(config.Values));
                json.WriteNumber("factors", config.Als.Factors);
                json.WriteNumber("iterations", config.Als.Iterations);
                json.WriteNumber("regularization", config.Als.Regularization);
                json.WriteNumber("alpha", config.Als.Alpha);
                json.WriteString("confidence", OptionValues.Name(config.Als.Confidence));
                WriteScoreFields(json, scores);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("best", best.Name);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteScores(Utf8JsonWriter json, QualityScores scores)
    {
        json.WriteStartObject();
        WriteScoreFields(json, scores);
        json.WriteEndObject();
    }

    private static void WriteScoreFields(Utf8JsonWriter json, QualityScores scores)
    {
        json.WriteNumber("precision", Math.Round(scores.Precision, 6));
        json.WriteNumber("recall", Math.Round(scores.Recall, 6));
        json.WriteNumber("ndcg", Math.Round(scores.Ndcg, 6));
        json.WriteNumber("seconds", Math.Round(scores.Seconds, 3));
    }
}
