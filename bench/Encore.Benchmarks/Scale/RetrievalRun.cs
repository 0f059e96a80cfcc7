using System.Diagnostics;
using System.Globalization;
using Encore.Core;
using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;
using Encore.Core.Runtime;
using Encore.Core.Training;

namespace Encore.Benchmarks.Scale;

/// <summary>
/// Timed run of the two all-pairs steps of <c>encore train</c> on a real model, sampled and projected to the whole:
/// <c>retrieval --data DIR --model FILE [--iterations N] [--users N] [--items N] [--clusters C] [--probes P...]</c>.
/// Fits the seed's ALS on data/events.parquet once (saved to --model), then times brute-force and norm-pruned
/// personal top-50 on every (users/N)-th user (checking that the lists are equal), and the exact and the clustered
/// similar-items search with recall@10 of the clustered one on N sampled items.
/// </summary>
internal static class RetrievalRun
{
    public static int Run(string[] args)
    {
        var data = Arg(args, "--data", null);
        var modelPath = Arg(args, "--model", "/tmp/encore-retrieval-model.bin")!;
        var iterations = int.Parse(Arg(args, "--iterations", "50")!, CultureInfo.InvariantCulture);
        var sampleUsers = int.Parse(Arg(args, "--users", "8192")!, CultureInfo.InvariantCulture);
        var sampleItems = int.Parse(Arg(args, "--items", "2048")!, CultureInfo.InvariantCulture);
        var clusters = int.Parse(Arg(args, "--clusters", "0")!, CultureInfo.InvariantCulture);
        var rounds = int.Parse(Arg(args, "--rounds", "-1")!, CultureInfo.InvariantCulture);
        var probes = (Arg(args, "--probes", "48")!).Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var skip = Arg(args, "--skip", "") ?? "";
        var als = LoadOrFit(data, modelPath, iterations);
        Console.WriteLine($"model: {als.UserFactors.Rows:N0} users x {als.ItemFactors.Rows:N0} items x {als.Options.Factors} factors");
        if (!skip.Contains("recs", StringComparison.Ordinal))
        {
            Recommend(als, sampleUsers);
        }

        if (!skip.Contains("similar", StringComparison.Ordinal))
        {
            Similar(als, sampleItems, clusters, probes, rounds);
        }

        return 0;
    }

    private static AlsRecommender LoadOrFit(string? data, string modelPath, int iterations)
    {
        if (File.Exists(modelPath))
        {
            // A bare model file (this command's own --model) or a set's als_model.bin with its id maps.
            try
            {
                return AlsRecommender.Load(modelPath);
            }
            catch (EncoreException)
            {
                return Encore.Core.Artifacts.AlsModelFile.Load(modelPath).Model;
            }
        }

        if (data is null)
        {
            throw new ArgumentException($"No model at {modelPath}: give --data to fit one.");
        }

        var clock = Stopwatch.StartNew();
        var dataset = Dataset.Read(data, SplitJson.ReadSplitDate(Path.Combine(data, FileNames.Split)), InteractionValues.Binary);
        Console.WriteLine($"load {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var model = new AlsRecommender(TrainOptions.SeedAls with { Iterations = iterations });
        model.Fit(dataset.UserItems);
        Console.WriteLine($"ALS fit ({iterations} iterations) {clock.Elapsed.TotalSeconds:F1} s");
        model.Save(modelPath);
        return model;
    }

    private static void Recommend(AlsRecommender model, int sample)
    {
        const int K = 50;
        var n = model.UserFactors.Rows;
        var stride = Math.Max(1, n / sample);
        var users = Enumerable.Range(0, n).Where(u => u % stride == 0 && model.UserItems.RowIndices(u).Length > 0).Take(sample).ToArray();
        var brute = AlsRecommender.FromFactors(model.Options with { Retrieval = AlsRetrieval.BruteForce }, model.UserFactors, model.ItemFactors, model.UserItems);
        var pruned = AlsRecommender.FromFactors(model.Options with { Retrieval = AlsRetrieval.NormPruned }, model.UserFactors, model.ItemFactors, model.UserItems);

        // Warm-up builds the packed items (once per model in train too) outside the timing.
        brute.Recommend(users.AsSpan(0, 1), K);
        pruned.Recommend(users.AsSpan(0, 1), K);
        var before = pruned.PrunedScoredItems;
        var clock = Stopwatch.StartNew();
        var fast = pruned.Recommend(users, K);
        var prunedSeconds = clock.Elapsed.TotalSeconds;
        var scored = (double)(pruned.PrunedScoredItems - before) / users.Length / model.ItemFactors.Rows;
        clock.Restart();
        var reference = brute.Recommend(users, K);
        var bruteSeconds = clock.Elapsed.TotalSeconds;
        for (var i = 0; i < users.Length; i++)
        {
            if (!reference.Items(i).SequenceEqual(fast.Items(i)) || !reference.Scores(i).SequenceEqual(fast.Scores(i)))
            {
                throw new InvalidOperationException($"User {users[i]}: pruned list differs from brute force.");
            }
        }

        var scale = (double)n / users.Length;
        Console.WriteLine(
            $"recommend {users.Length:N0} users: brute {bruteSeconds:F1} s, pruned {prunedSeconds:F1} s ({bruteSeconds / prunedSeconds:F1}x), " +
            $"items scored {scored:P2}, lists equal; projected {n:N0} users: brute {bruteSeconds * scale / 60:F1} min, pruned {prunedSeconds * scale / 60:F1} min");
    }

    private static void Similar(AlsRecommender model, int sample, int clusters, int[] probeCounts, int rounds)
    {
        const int K = 10;
        var counts = new int[model.ItemFactors.Rows];
        foreach (var item in model.UserItems.Indices)
        {
            counts[item]++;
        }

        var candidates = Enumerable.Range(0, counts.Length).Where(i => counts[i] > 0).ToArray();
        var m = candidates.Length;
        var (secondsPerItem, sampled, truth) = ExactSample(model, candidates, sample, K);
        Console.WriteLine($"similar exact: {m:N0} candidates; projected all (64-item blocks) {secondsPerItem * m / 60:F1} min");
        var clock = new Stopwatch();
        foreach (var probes in probeCounts)
        {
            var fast = new AlsItemSimilarity(threads: 0, SimilarSearch.Fast, seed: 0) { Clusters = clusters, Probes = probes, RefineRounds = rounds };
            fast.Fit(model.ItemFactors, candidates);
            clock.Restart();
            var lists = fast.SimilarToAll(K);
            var fastSeconds = clock.Elapsed.TotalSeconds;
            var hits = 0;
            var total = 0;
            for (var s = 0; s < sampled.Length; s++)
            {
                var found = lists.Lists.Items(sampled[s]).ToArray();
                total += truth[s].Length;
                hits += truth[s].Count(item => found.Contains(item));
            }

            var index = fast.Clustered!;
            // How uneven the clusters are: a probe costs its cluster's size, so large clusters weigh by their size.
            var sizes = Enumerable.Range(0, index.Clusters).Select(index.ClusterPositions).ToArray();
            Console.WriteLine(
                $"clusters: largest {sizes.Max():N0} positions, mean {sizes.Average():N0}, size-weighted mean " +
                $"{sizes.Sum(s => (double)s * s) / sizes.Sum(s => (double)s):N0}");
            Console.WriteLine(
                $"similar fast: clusters {index.Clusters}, probes {index.Probes}, refine rounds {rounds}: {fastSeconds:F1} s ({fastSeconds / 60:F2} min) for all, " +
                $"pairs scored {(double)index.ScoredPairs / m / m:P2}, recall@{K} {(double)hits / total:F4} on {sampled.Length:N0} items");
        }
    }

    // The exact all-pairs search on every (m/sample)-th candidate, in blocks of 64 as SimilarToAll runs it: seconds
    // per candidate, the sampled positions and their lists (as candidate item ids).
    private static (double SecondsPerItem, int[] Sampled, int[][] Truth) ExactSample(AlsRecommender model, int[] candidates, int sample, int k)
    {
        var m = candidates.Length;
        var unit = new FactorMatrix(m, model.ItemFactors.Columns);
        for (var c = 0; c < m; c++)
        {
            var row = model.ItemFactors.Row(candidates[c]);
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, unit.Row(c));
            }
        }

        var scorer = new TileScorer(unit, unit.Columns, Simd.Best);
        var count = Math.Min(sample, m);
        var rows = Enumerable.Range(0, count).Select(i => i * (m / count)).ToArray();
        var positions = Enumerable.Range(0, m).ToArray();
        var batch = new TopKBatch(rows.Length, k);
        var clock = Stopwatch.StartNew();
        ParallelRanges.For<float>(rows.Length, TileScorer.QueryBlock, Environment.ProcessorCount, scorer.ScratchLength, (start, end, scratch) =>
            scorer.Select(unit, rows.AsSpan(start, end - start), q => positions.AsSpan(q, 1), batch, start, scratch));
        var seconds = clock.Elapsed.TotalSeconds / rows.Length;
        var truth = new int[rows.Length][];
        for (var i = 0; i < rows.Length; i++)
        {
            truth[i] = batch.Items(i).ToArray().Select(p => candidates[p]).ToArray();
        }

        return (seconds, rows, truth);
    }

    private static string? Arg(string[] args, string name, string? fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
