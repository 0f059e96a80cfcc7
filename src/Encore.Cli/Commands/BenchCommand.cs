using System.CommandLine;
using System.Globalization;
using Encore.Core;
using Encore.Core.Benchmarks;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;

namespace Encore.Cli.Commands;

/// <summary>
/// <c>encore bench als</c>: times an ALS fit on a synthetic or given matrix and prints one JSON line last; <c>bench quality</c>
/// measures accuracy; <c>bench curve-report</c> fits and draws bench/scale/curve.sh's scale curve.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Speed benchmarks of the hot parts of the pipeline.");
        bench.Subcommands.Add(CreateAls());
        bench.Subcommands.Add(BenchQualityCommand.Create());
        bench.Subcommands.Add(CreateCurveReport());
        return bench;
    }

    private static Command CreateAls()
    {
        var synthetic = new Option<string>("--synthetic")
        {
            Description = "USERSxITEMSxNNZ: a uniform random matrix with exactly NNZ distinct cells, values 1+Geometric(0.5).",
            DefaultValueFactory = _ => "100000x50000x5000000",
        };
        var input = new Option<FileInfo?>("--input") { Description = "A user,item[,weight] CSV/TSV file, or an events.parquet, instead of --synthetic." };
        var factors = new Option<int>("--factors") { DefaultValueFactory = _ => 64 };
        var iterations = new Option<int>("--iterations") { DefaultValueFactory = _ => 15 };
        var regularization = new Option<float>("--regularization") { DefaultValueFactory = _ => 0.01f };
        var alpha = new Option<float>("--alpha") { DefaultValueFactory = _ => 1f };
        var threads = new Option<int>("--threads") { Description = "0 = one per processor.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var confidence = OptionChoice.Create(
            "--confidence", "alpha_times_value (c = alpha*r, implicit 0.7) or one_plus_alpha_times_value (c = 1 + alpha*r, the paper).", AlsConfidence.AlphaTimesValue);
        var solver = OptionChoice.Create("--solver", "conjugate_gradient or cholesky.", AlsSolverKind.ConjugateGradient);
        var cgSteps = new Option<int>("--cg-steps") { DefaultValueFactory = _ => 3 };

        var command = new Command("als", "Time implicit-feedback ALS training (s/iteration, loss, GFLOP/s).")
        {
            synthetic, input, factors, iterations, regularization, alpha, threads, seed, confidence, solver, cgSteps,
        };
        command.SetAction(pr => CommandRunner.Run(pr, cli =>
        {
            var options = new AlsOptions
            {
                Factors = pr.GetValue(factors),
                Iterations = pr.GetValue(iterations),
                Regularization = pr.GetValue(regularization),
                Alpha = pr.GetValue(alpha),
                Threads = pr.GetValue(threads),
                Seed = pr.GetValue(seed),
                Confidence = pr.Value<AlsConfidence>(confidence),
                Solver = pr.Value<AlsSolverKind>(solver),
                CgSteps = pr.GetValue(cgSteps),
            };
            options.Validate();
            var output = cli.Output;
            var file = pr.GetValue(input);
            SparseMatrix matrix;
            if (file is not null)
            {
                output.WriteLine($"reading {file.FullName}");
                matrix = InteractionFiles.ReadPlays(file.FullName, cli.CancellationToken).Matrix;
            }
            else
            {
                var (users, items, nnz) = ParseShape(pr.GetValue(synthetic)!);
                output.WriteLine($"generating a {users}x{items} matrix with {nnz} distinct cells (random seed {options.Seed})");
                matrix = SyntheticInteractions.Uniform(users, items, nnz, (ulong)(uint)options.Seed);
            }

            output.WriteLine($"training ALS: {matrix.Rows} users, {matrix.Columns} items, {matrix.Nnz} cells, {options.Factors} factors, {options.EffectiveThreads} threads");
            var result = AlsBenchmark.Run(matrix, options, output, cli.CancellationToken);
            output.WriteLine(result.ToJson());
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command CreateCurveReport()
    {
        var run = new Option<DirectoryInfo?>("--run")
        {
            Description = "A bench/scale/curve.sh run folder: its size folders are collected into RUN/curve.json first.",
        };
        var curve = new Option<FileInfo?>("--curve") { Description = "An existing curve.json to report on, instead of --run." };
        var chart = new Option<FileInfo?>("--chart") { Description = "Where the PNG goes (default: scale_curve.png next to curve.json)." };
        var markdown = new Option<FileInfo?>("--markdown") { Description = "Where the markdown tables go (default: scale_curve.md next to curve.json)." };
        var command = new Command(
            "curve-report",
            "Fit how each pipeline step's time and peak RSS grow with raw listens; draw scale_curve.png and the tables for RESULTS.md.")
        {
            run, curve, chart, markdown,
        };
        command.SetAction(pr => CommandRunner.Run(pr, cli =>
        {
            var runDirectory = pr.GetValue(run);
            var curveFile = pr.GetValue(curve);
            if ((runDirectory is null) == (curveFile is null))
            {
                throw new EncoreException("curve-report needs exactly one of --run DIR or --curve FILE.");
            }

            ScaleCurve data;
            string curvePath;
            if (runDirectory is not null)
            {
                data = ScaleCurve.Collect(runDirectory.FullName);
                curvePath = Path.Combine(runDirectory.FullName, "curve.json");
                data.Write(curvePath);
            }
            else
            {
                curvePath = curveFile!.FullName;
                data = ScaleCurve.Read(curvePath);
            }

            var folder = Path.GetDirectoryName(curvePath)!;
            var chartPath = pr.GetValue(chart)?.FullName ?? Path.Combine(folder, "scale_curve.png");
            var markdownPath = pr.GetValue(markdown)?.FullName ?? Path.Combine(folder, "scale_curve.md");
            var tables = data.ToMarkdown();
            ScaleCurveChart.Save(data, chartPath);
            File.WriteAllText(markdownPath, tables);
            cli.Output.Write(tables);
            cli.Output.WriteLine($"curve: {curvePath}; chart: {chartPath}; tables: {markdownPath}");
            return CommandRunner.Ok;
        }));
        return command;
    }

    internal static (int Users, int Items, int Nnz) ParseShape(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var users)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var items)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var nnz))
        {
            return (users, items, nnz);
        }

        throw new EncoreException($"--synthetic must look like USERSxITEMSxNNZ (e.g. 100000x50000x5000000), got '{text}'.");
    }
}
