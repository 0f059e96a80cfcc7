using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Encore.Benchmarks.Service;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Linalg;

namespace Encore.Benchmarks.Scale;

/// <summary>
/// <c>similar-refine --model als_model.bin [--probes P] [--rounds R] [--threads T] [--runs N]</c>: the NN-descent
/// refinement of the clustered similar-tracks search (<see cref="ClusteredTopK.Refine"/>) against its one-at-a-time
/// reference (<see cref="ClusteredTopK.RefineReference"/>) on a real model's tracks with listens, sized as
/// <c>encore train</c> sizes it (√m clusters, 64 tracks per cluster in the k-means sample, 10 iterations, top 10).
/// Both start from the same probed-cluster lists; each run times both (wall and process CPU seconds, since the
/// machine may be shared) and checks the lists equal, ids and score bits. Prints every run and the medians.
/// </summary>
internal static class SimilarRefineCommand
{
    public const string Name = "similar-refine";

    private const int K = 10;

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = CommandOptions.Parse(args, Name, "--model", "--probes", "--rounds", "--threads", "--runs");
            var path = options.GetValueOrDefault("--model") ?? throw new EncoreException("--model: give an als_model.bin.");
            var probes = Positive(options, "--probes", 48);
            var rounds = Positive(options, "--rounds", 2);
            var threads = Positive(options, "--threads", Environment.ProcessorCount);
            var runs = Positive(options, "--runs", 3);

            var (model, _, _) = AlsModelFile.Load(path);
            var unit = UnitRowsWithListens(model.ItemFactors, model.UserItems.Indices);
            var m = unit.Rows;
            var f = model.ItemFactors.Columns;
            var clusters = Math.Max(1, (int)Math.Sqrt(m));
            var search = new ClusteredTopK(unit, f, clusters, probes, Math.Min(m, 64 * clusters), 10, 0, threads, Simd.Best);
            int[] self = [.. Enumerable.Range(0, m)];
            ReadOnlySpan<int> Exclude(int row) => self.AsSpan(row, 1);
            var probed = new TopKBatch(m, K);
            search.SelectAll(probed, Exclude);
            Console.WriteLine(
                $"{Name}: {path}, {m:N0} tracks with listens x {f} factors, {clusters} clusters, {probes} probes, {rounds} rounds, "
                + $"{threads} threads, load average {RequestThroughput.LoadAverage()}");

            var reference = new List<(double Wall, double Cpu)>();
            var fast = new List<(double Wall, double Cpu)>();
            for (var run = 0; run < runs; run++)
            {
                var expected = Copy(probed);
                var before = search.ScoredPairs;
                reference.Add(Time(() => search.RefineReference(expected, Exclude, rounds)));
                var referencePairs = search.ScoredPairs - before;
                var actual = Copy(probed);
                before = search.ScoredPairs;
                fast.Add(Time(() => search.Refine(actual, Exclude, rounds)));
                var fastPairs = search.ScoredPairs - before;
                for (var i = 0; i < m; i++)
                {
                    if (!expected.Items(i).SequenceEqual(actual.Items(i)) || !MemoryMarshal.Cast<float, int>(expected.Scores(i)).SequenceEqual(MemoryMarshal.Cast<float, int>(actual.Scores(i))))
                    {
                        throw new InvalidOperationException($"Row {i}: the fast refinement's list differs from the reference's.");
                    }
                }

                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  run {run + 1}: reference {reference[^1].Wall:F2} s wall {reference[^1].Cpu:F2} s CPU ({(double)referencePairs / m:F1} pairs per track), "
                    + $"fast {fast[^1].Wall:F2} s wall {fast[^1].Cpu:F2} s CPU ({(double)fastPairs / m:F1} pairs per track); lists identical"));
            }

            var (referenceWall, referenceCpu) = (Median(reference.Select(r => r.Wall)), Median(reference.Select(r => r.Cpu)));
            var (fastWall, fastCpu) = (Median(fast.Select(r => r.Wall)), Median(fast.Select(r => r.Cpu)));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  median: reference {referenceWall:F2} s wall {referenceCpu:F2} s CPU, fast {fastWall:F2} s wall {fastCpu:F2} s CPU: "
                + $"{referenceCpu / fastCpu:F1}x less CPU, {referenceWall / fastWall:F1}x less wall"));
            return 0;
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    // The rows AlsItemSimilarity.Fit keeps: unit factors of the tracks with listens, padded to a multiple of 16.
    internal static FactorMatrix UnitRowsWithListens(FactorMatrix factors, ReadOnlySpan<int> listenedItems)
    {
        var listened = new bool[factors.Rows];
        foreach (var item in listenedItems)
        {
            listened[item] = true;
        }

        var candidates = Enumerable.Range(0, factors.Rows).Where(i => listened[i]).ToArray();
        var f = factors.Columns;
        var unit = new FactorMatrix(candidates.Length, (f + 15) / 16 * 16);
        for (var c = 0; c < candidates.Length; c++)
        {
            var row = factors.Row(candidates[c]);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, unit.Row(c)[..f]);
            }
        }

        return unit;
    }

    private static (double Wall, double Cpu) Time(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        action();
        process.Refresh();
        return (wall.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static TopKBatch Copy(TopKBatch source)
    {
        var copy = new TopKBatch(source.Rows, source.K);
        for (var i = 0; i < source.Rows; i++)
        {
            source.Items(i).CopyTo(copy.ItemSlot(i));
            source.Scores(i).CopyTo(copy.ScoreSlot(i));
            copy.SetCount(i, source.Count(i));
        }

        return copy;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Positive(Dictionary<string, string> options, string name, int fallback)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new EncoreException($"{name}: expected a positive integer, got '{text}'.");
    }
}
