using System.Diagnostics;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Ranking.Live;

namespace Encore.Benchmarks.Service;

/// <summary>
/// Where a live request's CPU goes (<c>serving-live --profile R</c>): R requests of the mix run phase by phase on one
/// thread, each phase timed over all of them by the process's CPU time (so a loaded machine's waiting is left out):
/// the fold-in alone (its top-N retrieval included), the whole candidate build (fold-in, other sources, features),
/// then the build plus each way of scoring. Also counts the tree walks of each way and the requests whose top k
/// differ from full scoring's (exact staged scoring must have none).
/// </summary>
internal static class LiveProfile
{
    private static readonly int[] s_shortlists = [40, 60, 80];

    public static void Report(LiveRecommender live, ReadOnlySpan<(long User, long[] Events)> mix, int k)
    {
        var engine = live.Engine;
        var requests = new List<(int User, int[] Events, int[] Offline)>(mix.Length);
        foreach (var (user, events) in mix)
        {
            var mapped = new List<int>();
            foreach (var id in events)
            {
                if (live.Items.TryToInternal(id, out var row))
                {
                    mapped.Add(row);
                }
            }

            var offline = new List<int>();
            foreach (var id in live.Offline.ItemsOf(user))
            {
                if (live.Items.TryToInternal(id, out var row))
                {
                    offline.Add(row);
                }
            }

            requests.Add((live.Users.TryToInternal(user, out var u) ? u : -1, [.. mapped], [.. offline]));
        }

        var working = engine.CreateWorking();
        var foldInItems = new int[Math.Max(1, engine.Options.FoldInCandidates)];
        var foldInScores = new float[foldInItems.Length];
        var trees = live.Model.Trees;
        long candidates = 0;
        foreach (var (user, events, offline) in requests)
        {
            candidates += engine.Build(user, events, offline, working);
        }

        var vector = new float[live.Engine.FoldIn.Model.ItemFactors.Columns];
        var solve = Cpu(requests, r => engine.FoldIn.Vector(r.User, r.Events, vector, working.Scratch));
        var foldIn = Cpu(requests, r => engine.FoldIn.Recommend(r.User, r.Events, foldInItems, foldInScores, working.Scratch));
        var build = Cpu(requests, r => engine.Build(r.User, r.Events, r.Offline, working));
        var full = Cpu(requests, r => LiveEngine.ScoreTop(live.Model, working, engine.Build(r.User, r.Events, r.Offline, working), k, -1));
        Console.WriteLine(
            $"  profile of {requests.Count} requests on 1 thread ({candidates / (double)requests.Count:F0} candidates, {trees} trees, k {k}; CPU µs/request): "
            + $"fold-in {foldIn:F0} (solve {solve:F0}, top-{foldInItems.Length} retrieval {foldIn - solve:F0}), "
            + $"build with features {build:F0}, full scoring {full - build:F0}");

        // Tree walks and agreement with full scoring's top k, outside the timed loops.
        var reference = new int[k];
        int[] ways = [0, .. s_shortlists];
        foreach (var shortlist in ways)
        {
            long walks = 0, fullWalks = 0;
            var differ = 0;
            foreach (var (user, events, offline) in requests)
            {
                var count = engine.Build(user, events, offline, working);
                fullWalks += LiveEngine.ScoreTop(live.Model, working, count, k, -1);
                var taken = LiveEngine.Top(working, count, k);
                for (var i = 0; i < taken; i++)
                {
                    reference[i] = working.Candidates[working.Order[i]].Item;
                }

                walks += LiveEngine.ScoreTop(live.Model, working, count, k, shortlist);
                var staged = LiveEngine.Top(working, count, k);
                var same = staged == taken;
                for (var i = 0; same && i < taken; i++)
                {
                    same = reference[i] == working.Candidates[working.Order[i]].Item;
                }

                differ += same ? 0 : 1;
            }

            var cpu = Cpu(requests, r => LiveEngine.ScoreTop(live.Model, working, engine.Build(r.User, r.Events, r.Offline, working), k, shortlist));
            Console.WriteLine(
                $"    {(shortlist == 0 ? "exact staged" : $"shortlist {shortlist}")}: scoring {cpu - build:F0} µs/request, "
                + $"{100.0 * walks / fullWalks:F1} % of the tree walks, top {k} differs from full scoring's in {differ} of {requests.Count} requests");
        }

        Stages(live, requests, k, build);
    }

    /// <summary>Exact staged scoring with other stage sizes than the default: tree walks and CPU per request.</summary>
    private static void Stages(LiveRecommender live, List<(int User, int[] Events, int[] Offline)> requests, int k, double build)
    {
        var engine = live.Engine;
        var working = engine.CreateWorking();
        var trees = live.Model.Trees;
        foreach (var (first, step) in new[] { (trees / 16, trees / 32), (trees / 8, trees / 32), (trees / 4, trees / 16), (trees / 2, trees / 8) })
        {
            if (first < 1 || step < 1)
            {
                continue;
            }

            long walks = 0, fullWalks = 0;
            foreach (var (user, events, offline) in requests)
            {
                var count = engine.Build(user, events, offline, working);
                fullWalks += (long)count * trees;
                walks += k >= count ? (long)count * trees : Staged(live, working, count, k, first, step);
            }

            var cpu = Cpu(requests, r =>
            {
                var count = engine.Build(r.User, r.Events, r.Offline, working);
                return k >= count ? LiveEngine.ScoreTop(live.Model, working, count, k) : Staged(live, working, count, k, first, step);
            });
            Console.WriteLine($"    exact, stages {first} then {step}: scoring {cpu - build:F0} µs/request, {100.0 * walks / fullWalks:F1} % of the tree walks");
        }
    }

    private static long Staged(LiveRecommender live, LiveWorking working, int count, int k, int first, int step) =>
        StagedScoring.Score(live.Model.Scorer, working.Table.Values, working.Table.Columns, count, k, working.Scores, working.Staged, 0, first, step);

    /// <summary>The process's CPU µs per request for running <paramref name="phase"/> over every request (after one untimed pass).</summary>
    private static double Cpu<T>(List<T> requests, Func<T, long> phase)
    {
        long sink = 0;
        foreach (var r in requests)
        {
            sink += phase(r);
        }

        var start = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var r in requests)
        {
            sink += phase(r);
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - start).TotalMicroseconds;
        GC.KeepAlive(sink);
        return cpu / requests.Count;
    }
}
