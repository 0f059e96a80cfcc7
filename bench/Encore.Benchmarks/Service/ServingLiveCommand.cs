using System.Diagnostics;
using System.Globalization;
using Encore.Core;
using Encore.Core.Ranking.Live;
using Encore.Core.Serving;

namespace Encore.Benchmarks.Service;

/// <summary>
/// <c>serving-live --artifacts DIR [--seconds S] [--runs N] [--k K]</c>: request-time ranking as the service runs it
/// (<see cref="LiveRecommender"/> over a set loaded with <see cref="ServingParts.Live"/>), in process, no HTTP: the
/// live part's load time, then live requests per second on 1 thread and on every core (median of the runs, each
/// <c>--seconds</c> long), CPU µs and bytes allocated per request. The request mix is <c>serving-foldin</c>'s: a model
/// listener with 10 events from another listener's train row, one in ten a listener the model does not know.
/// </summary>
public static class ServingLiveCommand
{
    public const string Name = "serving-live";

    private const int Events = 10;

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = CommandOptions.Parse(args, Name, "--artifacts", "--seconds", "--runs", "--k");
            var artifacts = options.GetValueOrDefault("--artifacts") ?? throw new EncoreException("--artifacts: give the artifacts directory.");
            var seconds = Positive(options, "--seconds", 3);
            var runs = Positive(options, "--runs", 3);
            var k = Positive(options, "--k", 10);

            var set = ServingSetLoader.Load(artifacts, null, ServingParts.Recommendations | ServingParts.Similar | ServingParts.Live, LiveRecommender.Loader);
            var live = set.Live as LiveRecommender ?? throw new EncoreException($"{artifacts}: has no live_model.bin or als_model.bin.");
            var foldIn = set.FoldIn!;
            Console.WriteLine(
                $"{Name}: {artifacts}, {foldIn.Users.Count} listeners x {foldIn.Items.Count} tracks, {live.Model.Trees} trees, "
                + $"{live.FeatureNames.Count} features, k {k}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.WriteLine(
                $"  load: live part {set.PartSeconds["live"]:F2} s, fold-in part {set.PartSeconds["foldin"]:F2} s, whole set {set.LoadTime.TotalSeconds:F2} s");

            var requests = Requests(foldIn);
            foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                Measure(live, requests, threads, k, TimeSpan.FromSeconds(1));
                var rates = new double[runs];
                var cpu = new double[runs];
                var bytes = new double[runs];
                for (var run = 0; run < runs; run++)
                {
                    (rates[run], cpu[run], bytes[run]) = Measure(live, requests, threads, k, TimeSpan.FromSeconds(seconds));
                }

                Console.WriteLine(
                    $"  {threads} thread(s): {Median(rates),9:F0} req/s (runs: {string.Join(", ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}), "
                    + $"CPU {Median(cpu):F1} µs/request, {Median(bytes):F1} bytes allocated/request");
            }

            return 0;
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static (long User, long[] Events)[] Requests(FoldInRecommender foldIn)
    {
        var users = foldIn.Users.Count;
        var matrix = foldIn.FoldIn.Model.UserItems;
        var requests = new (long, long[])[Math.Min(users, 20_000)];
        for (var i = 0; i < requests.Length; i++)
        {
            var row = (int)((i * 7919L) % users);
            var other = matrix.RowIndices((int)(((i * 104_729L) + 13) % users));
            var events = new long[Events];
            for (var e = 0; e < Events; e++)
            {
                events[e] = foldIn.Items.ToExternal(other.Length == 0 ? (i + e) % foldIn.Items.Count : other[e % other.Length]);
            }

            var user = i % 10 == 9 ? -1 - i : foldIn.Users.ToExternal(row);
            requests[i] = (user, events);
        }

        return requests;
    }

    private static (double Rate, double CpuMicros, double Bytes) Measure(
        LiveRecommender live, (long User, long[] Events)[] requests, int threads, int k, TimeSpan duration)
    {
        var counts = new long[threads];
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var destination = new int[k];
            var i = t * 997;
            long done = 0;
            while (Stopwatch.GetTimestamp() < stop)
            {
                for (var batch = 0; batch < 16; batch++)
                {
                    var (user, events) = requests[i++ % requests.Length];
                    live.Recommend(user, events, destination);
                    done++;
                }
            }

            counts[t] = done;
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        var wall = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMicroseconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var total = counts.Sum();
        return (total / wall, cpu / total, (double)bytes / total);
    }

    private static int Positive(Dictionary<string, string> options, string name, int fallback)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new EncoreException($"{name}: '{text}' is not a positive whole number.");
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
