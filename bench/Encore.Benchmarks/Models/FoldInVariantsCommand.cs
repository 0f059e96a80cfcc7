using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Encore.Benchmarks.Service;
using Encore.Core;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Replay.Strategies;
using Encore.Core.Models.Als;
using Encore.Core.Serving;

namespace Encore.Benchmarks.Models;

/// <summary>
/// <c>foldin-variants --data DIR --artifacts DIR [--runs N]</c>: the replay (default options) of each ALS fold-in
/// variant alone — solver, weight of an online event, with or without the train history — beside <c>offline</c> and
/// the session-free ALS list (<c>als_static</c>), each timed alone (median of the runs); then the cost and accuracy of
/// one solve, exact against warm-started CG, on model users with ten events each.
/// </summary>
public static class FoldInVariantsCommand
{
    public const string Name = "foldin-variants";

    private static readonly int[] s_points = [0, 1, 2, 3, 5, 10, 20];

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = CommandOptions.Parse(args, Name, "--data", "--artifacts", "--runs");
            var data = options.GetValueOrDefault("--data") ?? throw new EncoreException("--data: give the prepared data directory.");
            var artifacts = options.GetValueOrDefault("--artifacts") ?? throw new EncoreException("--artifacts: give the artifacts directory.");
            var runs = options.TryGetValue("--runs", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 1;
            var inputs = EvaluationInputs.Load(data);
            var set = ServingSetLoader.Load(artifacts, itemsPath: null, ServingParts.Recommendations | ServingParts.Similar);
            var replay = new ReplayOptions();
            var serving = new ServingRecommender(set, replay.Serving);
            AlsFoldInOptions[] variants =
            [
                new() { EventWeight = 1 },
                new() { EventWeight = 1, Solver = AlsFoldInSolver.ConjugateGradient },
                new() { EventWeight = 2 },
                new() { EventWeight = 4 },
                new() { EventWeight = 8 },
                new() { EventWeight = 16 },
                new() { EventWeight = 4, Solver = AlsFoldInSolver.ConjugateGradient },
                new() { EventWeight = 8, Solver = AlsFoldInSolver.ConjugateGradient },
                new() { TrainHistory = false, EventWeight = 1 },
                new() { TrainHistory = false, EventWeight = 8 },
            ];
            var strategies = new List<IReplayStrategy> { new OfflineStrategy(serving), new StaticAls(ReplayAls.Load(artifacts)!, serving) };
            ReplayAls? first = null;
            foreach (var variant in variants)
            {
                var als = ReplayAls.Load(artifacts, variant)!;
                first ??= als;
                strategies.Add(new FoldInStrategy(als, serving, Describe(variant)));
            }

            Console.WriteLine($"{Name}: {data} {artifacts}, {runs} run(s), {Environment.ProcessorCount} cores");
            Console.WriteLine("strategy | ndcg@10 | recall@10 | hit_rate@10 | ndcg@10 c=0,1,2,3,5,10,20 | replay wall s | CPU s");
            foreach (var strategy in strategies)
            {
                var seconds = new double[runs];
                var cpu = new double[runs];
                ReplayResult? result = null;
                for (var run = 0; run < runs; run++)
                {
                    var clock = Stopwatch.StartNew();
                    var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                    result = ReplayEvaluation.Evaluate(inputs.TestEvents, inputs.Data.Train, set, [strategy], replay);
                    seconds[run] = clock.Elapsed.TotalSeconds;
                    cpu[run] = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
                }

                var scores = result!.Strategies[0];
                double Mean(string metric) => scores.Means[result.Metrics.ToList().IndexOf(metric)];
                var curve = scores.ByCheckpoint[result.Metrics.ToList().IndexOf("ndcg@10")];
                var points = string.Join(" ", s_points.Select(c => curve[c].ToString("F4", CultureInfo.InvariantCulture)));
                Array.Sort(seconds);
                Array.Sort(cpu);
                Console.WriteLine(
                    $"{strategy.Name} | {Mean("ndcg@10"):F4} | {Mean("recall@10"):F4} | {Mean("hit_rate@10"):F4} | {points} | {seconds[runs / 2]:F1} | {cpu[runs / 2]:F1}");
            }

            SolveCost(first!.FoldIn.Model, 1);
            SolveCost(first.FoldIn.Model, 4);
            SolveCost(first.FoldIn.Model, 8);
            return 0;
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static string Describe(AlsFoldInOptions o) =>
        $"foldin {(o.Solver == AlsFoldInSolver.Exact ? "exact" : $"cg{o.CgSteps}")} w={o.EventWeight} {(o.TrainHistory ? "train+events" : "events only")}";

    /// <summary>Per-solve time of exact and warm CG (one thread) and CG's distance from the exact vector.</summary>
    private static void SolveCost(AlsRecommender model, float weight)
    {
        var exact = new AlsFoldIn(model, new AlsFoldInOptions { EventWeight = weight });
        var cg = new AlsFoldIn(model, new AlsFoldInOptions { EventWeight = weight, Solver = AlsFoldInSolver.ConjugateGradient });
        var users = Math.Min(20_000, model.UserFactors.Rows);
        var items = model.ItemFactors.Rows;
        var f = model.Options.Factors;
        var events = new int[users * 10];
        for (var i = 0; i < events.Length; i++)
        {
            // Another listener's items: plausible, mostly new to this one.
            var other = model.UserItems.RowIndices((i / 10 * 7919 + 13) % model.UserItems.Rows);
            events[i] = other.Length == 0 ? i % items : other[i % 10 % other.Length];
        }

        var exactX = new float[users * f];
        var cgX = new float[users * f];
        // Process CPU time of a one-thread loop: on a loaded machine wall time measures the neighbours.
        double Time(AlsFoldIn foldIn, float[] x)
        {
            var scratch = foldIn.CreateScratch();
            var start = Process.GetCurrentProcess().TotalProcessorTime;
            for (var u = 0; u < users; u++)
            {
                foldIn.Vector(u, events.AsSpan(u * 10, 10), x.AsSpan(u * f, f), scratch);
            }

            return (Process.GetCurrentProcess().TotalProcessorTime - start).TotalMicroseconds / users;
        }

        Time(exact, exactX);
        Time(cg, cgX);
        var exactMicros = Time(exact, exactX);
        var cgMicros = Time(cg, cgX);
        var distance = 0.0;
        for (var u = 0; u < users; u++)
        {
            var e = exactX.AsSpan(u * f, f);
            distance += TensorPrimitives.Distance(e, cgX.AsSpan(u * f, f)) / Math.Max(1e-12, TensorPrimitives.Norm(e));
        }

        Console.WriteLine(
            $"solve, w={weight}, {users} users + 10 events, one thread, CPU per solve: exact {exactMicros:F1} µs, cg{cg.Options.CgSteps} {cgMicros:F1} µs, "
            + $"mean ‖x_cg − x_exact‖/‖x_exact‖ {distance / users:F4}");
    }

    /// <summary>The session-free ALS list: the train history folded in alone, the events left out of the list.</summary>
    private sealed class StaticAls(ReplayAls als, ServingRecommender serving) : IReplayStrategy
    {
        private readonly FoldInStrategy _inner = new(als, serving);

        public string Name => "als_static";

        public int Recommend(in ReplayRequest request, Span<int> destination)
        {
            var wider = new int[destination.Length + request.Events.Length];
            var count = _inner.Recommend(new ReplayRequest(request.User, request.Offline, default, OnlineHistory.None), wider);
            var kept = 0;
            for (var i = 0; i < count && kept < destination.Length; i++)
            {
                if (!request.Events.Contains(wider[i]))
                {
                    destination[kept++] = wider[i];
                }
            }

            return kept;
        }
    }
}
