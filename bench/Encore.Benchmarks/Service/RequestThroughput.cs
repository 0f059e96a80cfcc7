using System.Diagnostics;
using System.Globalization;
using Encore.Core;
using Encore.Core.Serving;

namespace Encore.Benchmarks.Service;

/// <summary>
/// What the in-process serving benchmarks (<c>serving-foldin</c>, <c>serving-live</c>) share: the request mix, the
/// timed loop on 1 thread and on every core, and its report line (median req/s, CPU µs and bytes per request).
/// </summary>
internal static class RequestThroughput
{
    private const int Events = 10;

    /// <summary>One request: writes listener <c>user</c>'s list for <c>events</c> into <c>destination</c>; returns its length.</summary>
    public delegate int Request(long user, ReadOnlySpan<long> events, Span<int> destination);

    /// <summary>
    /// The request mix, deterministic: a model listener with the 10 newest events drawn from another listener's train
    /// row (mostly new tracks to them); one in ten a listener the model does not know, served from the events alone.
    /// </summary>
    public static (long User, long[] Events)[] Requests(FoldInRecommender foldIn)
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

    /// <summary>Runs <paramref name="request"/> on 1 thread and on every core, <paramref name="runs"/> timed runs each after a 1 s warm-up, and prints a line per thread count.</summary>
    /// <param name="request">The call measured.</param>
    /// <param name="requests">The request mix, taken in turn.</param>
    /// <param name="k">The list length asked for.</param>
    /// <param name="seconds">Length of each timed run.</param>
    /// <param name="runs">Timed runs per thread count (the median is printed).</param>
    /// <param name="batch">Requests between two looks at the clock (fewer for slower requests).</param>
    public static void Report(Request request, (long User, long[] Events)[] requests, int k, int seconds, int runs, int batch)
    {
        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            Measure(request, requests, threads, k, batch, TimeSpan.FromSeconds(1));
            var rates = new double[runs];
            var cpu = new double[runs];
            var bytes = new double[runs];
            for (var run = 0; run < runs; run++)
            {
                (rates[run], cpu[run], bytes[run]) = Measure(request, requests, threads, k, batch, TimeSpan.FromSeconds(seconds));
            }

            Console.WriteLine(
                $"  {threads} thread(s): {Median(rates),9:F0} req/s (runs: {string.Join(", ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}), "
                + $"CPU {Median(cpu):F1} µs/request, {Median(bytes):F1} bytes allocated/request");
        }
    }

    private static (double Rate, double CpuMicros, double Bytes) Measure(
        Request request, (long User, long[] Events)[] requests, int threads, int k, int batch, TimeSpan duration)
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
                for (var b = 0; b < batch; b++)
                {
                    var (user, events) = requests[i++ % requests.Length];
                    request(user, events, destination);
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
        // Thread objects and their start-up are a few KB per run, over hundreds of thousands of requests.
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var total = counts.Sum();
        return (total / wall, cpu / total, (double)bytes / total);
    }

    /// <summary>Option <paramref name="name"/> as a positive whole number, <paramref name="fallback"/> when absent.</summary>
    public static int Positive(Dictionary<string, string> options, string name, int fallback)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new EncoreException($"{name}: '{text}' is not a positive whole number.");
    }

    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
