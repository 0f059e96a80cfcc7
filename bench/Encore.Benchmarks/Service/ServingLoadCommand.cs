using System.Diagnostics;
using System.Globalization;
using Encore.Core;
using Encore.Core.Serving;

namespace Encore.Benchmarks.Service;

/// <summary>
/// <c>serving-load --artifacts DIR [--runs N]</c>: the service's start-up kernel, <see cref="ServingSetLoader"/>, timed
/// part by part (each alone, so its wall and CPU time are its own) and then whole (the parts in parallel, as
/// <c>encore serve</c> loads them). Prints the median of the runs; CPU time is the process's, DuckDB's threads included.
/// </summary>
public static class ServingLoadCommand
{
    public const string Name = "serving-load";

    private static readonly (string Name, ServingParts Parts)[] s_parts =
    [
        ("recommendations (offline + popular)", ServingParts.Recommendations),
        ("similar", ServingParts.Similar),
        ("catalog", ServingParts.Catalog),
        ("all, in parallel (warm)", ServingParts.All),
    ];

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = CommandOptions.Parse(args, Name, "--artifacts", "--runs");
            if (!options.TryGetValue("--artifacts", out var artifacts))
            {
                throw new EncoreException("--artifacts: give the artifacts directory.");
            }

            var runs = 5;
            if (options.TryGetValue("--runs", out var value)
                && !(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out runs) && runs > 0))
            {
                throw new EncoreException($"--runs: '{value}' is not a positive whole number.");
            }

            Console.WriteLine($"{Name}: {artifacts}, {runs} runs per part, {Environment.ProcessorCount} cores");
            // The first load of a process pays for JIT and DuckDB's start; `encore serve` pays it once, at start-up.
            var (coldWall, coldCpu) = Measure(artifacts, ServingParts.All);
            Console.WriteLine($"  {"all, in parallel, first load (cold)",-38} wall {coldWall,6:F2} s   CPU {coldCpu,6:F2} s");
            foreach (var (name, parts) in s_parts)
            {
                var wall = new double[runs];
                var cpu = new double[runs];
                for (var run = 0; run < runs; run++)
                {
                    (wall[run], cpu[run]) = Measure(artifacts, parts);
                }

                Console.WriteLine(
                    $"  {name,-38} wall {Median(wall),6:F2} s   CPU {Median(cpu),6:F2} s   (wall of each run: {string.Join(", ", wall.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))})");
            }

            return 0;
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static (double Wall, double Cpu) Measure(string artifacts, ServingParts parts)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var set = ServingSetLoader.Load(artifacts, itemsPath: null, parts);
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        GC.KeepAlive(set);
        return (wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
