using System.Diagnostics;
using System.Globalization;
using Encore.Benchmarks.Service;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Linalg;

namespace Encore.Benchmarks.Scale;

/// <summary>
/// Where the clustered similar-items search of <c>encore train</c> spends its time, phase by phase, on a real model:
/// <c>similar-phases --model als_model.bin [--probes P] [--rounds R]</c>. Each phase is timed in wall and process CPU
/// seconds (the machine may be shared); the probed-cluster search also with its multiply-adds, whose rate per CPU
/// second is set against the tile kernel's own.
/// </summary>
internal static class SimilarPhasesCommand
{
    public const string Name = "similar-phases";

    private const int K = 10;

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = CommandOptions.Parse(args, Name, "--model", "--probes", "--rounds");
            var path = options.GetValueOrDefault("--model") ?? throw new EncoreException("--model: give an als_model.bin.");
            Run(path, RequestThroughput.Positive(options, "--probes", 48), RequestThroughput.Positive(options, "--rounds", 2));
            return 0;
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static void Run(string path, int probes, int rounds)
    {
        var threads = Environment.ProcessorCount;
        var clock = new Phase();
        var (model, _, _) = AlsModelFile.Load(path);
        var unit = SimilarRefineCommand.UnitRowsWithListens(model.ItemFactors, model.UserItems.Indices);
        var m = unit.Rows;
        var f = model.ItemFactors.Columns;
        clock.Lap($"load and unit vectors ({m:N0} tracks with listens × {f} factors)");
        var clusters = Math.Max(1, (int)Math.Sqrt(m));
        var sample = Math.Min(m, 64 * clusters);
        var centroids = SphericalKMeans.Fit(unit, f, clusters, sample, 10, 0, threads, Simd.Best);
        clock.Lap($"k-means ({clusters:N0} centroids on {sample:N0} items, 10 iterations)");
        var nearest = new TopKBatch(m, Math.Min(probes, clusters));
        SphericalKMeans.Nearest(centroids, f, unit, Enumerable.Range(0, m).ToArray(), threads, nearest, Simd.Best);
        clock.Lap($"nearest {Math.Min(probes, clusters)} centroids of every item");
        var search = new ClusteredTopK(unit, f, clusters, probes, sample, 10, 0, threads, Simd.Best);
        clock.Lap("ClusteredTopK construction (k-means + nearest again, then the packing)");

        int[] self = [.. Enumerable.Range(0, m)];
        ReadOnlySpan<int> Exclude(int row) => self.AsSpan(row, 1);
        var whole = new TopKBatch(m, K);
        search.SelectAll(whole, Exclude);
        var pairs = search.ScoredPairs;
        clock.Lap($"search of the probed clusters ({(double)pairs / m:N0} pairs per item, {(double)pairs * f / 1e9:N0} G multiply-adds)");
        Prunable(centroids.Rows, nearest, whole);
        TileFill(nearest, ClusteredTopK.QueryBlock);
        clock.Restart();
        search.Refine(whole, Exclude, rounds);
        clock.Lap($"refinement, {rounds} rounds ({(double)(search.ScoredPairs - pairs) / m:N0} pairs per item)");
    }

    // How much of the probed-cluster search an exact bound could skip: item x of cluster c (centroid μ, every member
    // within angle θc of μ) has angle(q, x) ≥ angle(q, μ) − θc, so q·x ≤ cos(angle(q, μ) − θc); a probed cluster whose
    // bound is below q's k-th score from that search cannot change q's list. Counted against the final k-th score, an
    // upper limit of what a search that raises its k-th score as it goes (nearest clusters first) would skip.
    private static void Prunable(int clusters, TopKBatch nearest, TopKBatch lists)
    {
        var m = lists.Rows;
        var size = new long[clusters];
        var radius = new double[clusters];
        for (var i = 0; i < m; i++)
        {
            if (nearest.Count(i) == 0)
            {
                continue;
            }

            var home = nearest.Items(i)[0];
            size[home]++;
            radius[home] = Math.Max(radius[home], Math.Acos(Math.Clamp(nearest.Scores(i)[0], -1.0, 1.0)));
        }

        long probed = 0;
        long skipped = 0;
        for (var i = 0; i < m; i++)
        {
            var kth = lists.Count(i) == lists.K ? lists.Scores(i)[^1] : float.NegativeInfinity;
            var probes = nearest.Items(i);
            var dots = nearest.Scores(i);
            for (var p = 0; p < probes.Length; p++)
            {
                var c = probes[p];
                probed += size[c];
                var gap = Math.Acos(Math.Clamp(dots[p], -1.0, 1.0)) - radius[c];
                if (gap > 0 && Math.Cos(gap) < kth - 1e-5)
                {
                    skipped += size[c];
                }
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  exact cluster bound: {(double)skipped / probed:P1} of the probed pairs ({(double)probed / m:N0} per item) lie in clusters that cannot enter the list"));
    }

    // How full the 8-query tiles of the probed-cluster search are: blocks of rows in cluster order, each probed cluster
    // scored for the block's queries that probe it in tiles of 8 (a part-full tile costs a full one).
    private static void TileFill(TopKBatch nearest, int block)
    {
        var m = nearest.Rows;
        var order = Enumerable.Range(0, m).OrderBy(i => nearest.Count(i) > 0 ? nearest.Items(i)[0] : 0).ThenBy(i => i).ToArray();
        long useful = 0, slots = 0;
        var perCluster = new Dictionary<int, int>();
        var histogram = new long[9];
        for (var start = 0; start < m; start += block)
        {
            perCluster.Clear();
            foreach (var i in order.AsSpan(start, Math.Min(block, m - start)))
            {
                foreach (var c in nearest.Items(i))
                {
                    perCluster[c] = perCluster.GetValueOrDefault(c) + 1;
                }
            }

            foreach (var n in perCluster.Values)
            {
                useful += n;
                slots += (n + 7) / 8 * 8;
                histogram[n % 8 == 0 ? 8 : n % 8]++;
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  tile fill: {(double)useful / slots:P1} of the 8-query slots hold a query; last tiles by fill 1..8: {string.Join(' ', histogram.Skip(1))}"));
    }

    /// <summary>Wall and process CPU seconds since the last lap, printed per phase.</summary>
    private sealed class Phase
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

        public void Restart()
        {
            _wall.Restart();
            _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        }

        public void Lap(string phase)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            Console.WriteLine(
                string.Create(CultureInfo.InvariantCulture, $"{_wall.Elapsed.TotalSeconds,8:F2} s wall {(cpu - _cpu).TotalSeconds,8:F2} s CPU  {phase}"));
            Restart();
        }
    }
}
