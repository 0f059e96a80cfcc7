using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Encore.Core.Config;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;

namespace Encore.Core.Benchmarks;

/// <summary>
/// What one timed ALS fit measured. Seconds per iteration exclude the loss, computed once at the end.
/// <see cref="CpuSecondsPerIteration"/> is the process CPU time of the median iteration (all threads), which
/// is steadier than wall time on a shared machine (the first iteration also pays for JIT warm-up).
/// </summary>
public sealed record AlsBenchmarkResult(
    int Users,
    int Items,
    int Nnz,
    AlsOptions Options,
    int Threads,
    string Simd,
    double SecondsPerIteration,
    double MinSecondsPerIteration,
    double FitSeconds,
    double GramSecondsPerIteration,
    double UserSecondsPerIteration,
    double ItemSecondsPerIteration,
    double FinalLoss,
    double Gflops,
    double CpuSecondsPerIteration)
{
    /// <summary>One JSON object (snake_case keys) on one line.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("s_per_iter", Math.Round(SecondsPerIteration, 5));
            json.WriteNumber("s_per_iter_min", Math.Round(MinSecondsPerIteration, 5));
            json.WriteNumber("fit_s", Math.Round(FitSeconds, 4));
            json.WriteNumber("final_loss", FinalLoss);
            json.WriteNumber("gflops", Math.Round(Gflops, 3));
            json.WriteNumber("cpu_s_per_iter", Math.Round(CpuSecondsPerIteration, 5));
            json.WriteNumber("gram_s_per_iter", Math.Round(GramSecondsPerIteration, 5));
            json.WriteNumber("user_s_per_iter", Math.Round(UserSecondsPerIteration, 5));
            json.WriteNumber("item_s_per_iter", Math.Round(ItemSecondsPerIteration, 5));
            json.WriteNumber("users", Users);
            json.WriteNumber("items", Items);
            json.WriteNumber("nnz", Nnz);
            json.WriteNumber("factors", Options.Factors);
            json.WriteNumber("iterations", Options.Iterations);
            json.WriteNumber("regularization", Options.Regularization);
            json.WriteNumber("alpha", Options.Alpha);
            json.WriteString("confidence", OptionValues.Name(Options.Confidence));
            json.WriteString("solver", OptionValues.Name(Options.Solver));
            json.WriteNumber("cg_steps", Options.CgSteps);
            json.WriteNumber("seed", Options.Seed);
            json.WriteNumber("threads", Threads);
            json.WriteString("simd", Simd);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>Times an ALS fit the way <c>encore bench als</c> reports it.</summary>
public static class AlsBenchmark
{
    /// <summary>
    /// Fits <paramref name="matrix"/> with <paramref name="options"/> (loss off during the fit), writes one line per
    /// iteration to <paramref name="log"/>, then computes the final loss outside the timed part.
    /// </summary>
    public static AlsBenchmarkResult Run(SparseMatrix matrix, AlsOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var timed = options with { CalculateLoss = false };
        var model = new AlsRecommender(timed);
        var iterations = new List<AlsIteration>();
        var clock = Stopwatch.StartNew();
        using var process = Process.GetCurrentProcess();
        var cpuAtStart = process.TotalProcessorTime;
        var cpuAtIteration = cpuAtStart;
        var cpuPerIteration = new List<double>();
        model.Fit(matrix, progress: null, onIteration: it =>
        {
            iterations.Add(it);
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            cpuPerIteration.Add((cpu - cpuAtIteration).TotalSeconds);
            cpuAtIteration = cpu;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"iteration {it.Iteration}/{timed.Iterations}: {it.Seconds:F3} s (gram {it.GramSeconds:F3}, users {it.UserSeconds:F3}, items {it.ItemSeconds:F3})"));
            log.Flush();
        }, cancellationToken);
        var fitSeconds = clock.Elapsed.TotalSeconds;
        var loss = model.Loss();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"final loss {loss:G6} (computed after the timed fit)"));

        var flops = FlopsPerIteration(matrix, options);
        var perIteration = Median(iterations, it => it.Seconds);
        return new AlsBenchmarkResult(
            matrix.Rows,
            matrix.Columns,
            matrix.Nnz,
            options,
            options.EffectiveThreads,
            Simd.Best.ToString(),
            perIteration,
            iterations.Count == 0 ? double.NaN : iterations.Min(it => it.Seconds),
            fitSeconds,
            Median(iterations, it => it.GramSeconds),
            Median(iterations, it => it.UserSeconds),
            Median(iterations, it => it.ItemSeconds),
            loss,
            flops / perIteration / 1e9,
            cpuPerIteration.Count == 0 ? double.NaN : cpuPerIteration.Order().ElementAt(cpuPerIteration.Count / 2));
    }

    /// <summary>
    /// The floating-point operations of one iteration (a multiply-add counts 2), by this model of the work:
    /// YᵀY and XᵀX cost 2f² per row of the other side; CG does s+1 products per non-empty row, each 2f² for the
    /// dense part and 4f per observed cell (dot and axpy), plus about 10f for the vector updates of each step;
    /// Cholesky builds A with f² per observed cell (upper triangle) and factors it in f³/3 plus 2f² for solving.
    /// </summary>
    public static double FlopsPerIteration(SparseMatrix matrix, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(options);
        double f = options.Factors;
        double users = matrix.Rows, items = matrix.Columns, nnz = matrix.Nnz;
        var nonEmptyRows = NonEmptyRows(matrix) + NonEmptyRows(matrix.Transpose());
        var gram = 2 * f * f * (users + items);
        double solve;
        if (options.Solver == AlsSolverKind.ConjugateGradient)
        {
            double s = options.CgSteps;
            solve = ((s + 1) * ((2 * f * f * nonEmptyRows) + (4 * f * 2 * nnz))) + (s * 10 * f * nonEmptyRows);
        }
        else
        {
            solve = (f * f * 2 * nnz) + (nonEmptyRows * ((f * f * f / 3) + (2 * f * f)));
        }

        return gram + solve;
    }

    private static double NonEmptyRows(SparseMatrix matrix)
    {
        var count = 0;
        var indPtr = matrix.IndPtr;
        for (var r = 0; r < matrix.Rows; r++)
        {
            if (indPtr[r + 1] > indPtr[r])
            {
                count++;
            }
        }

        return count;
    }

    private static double Median(List<AlsIteration> iterations, Func<AlsIteration, double> select)
    {
        if (iterations.Count == 0)
        {
            return double.NaN;
        }

        var values = iterations.Select(select).Order().ToArray();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
