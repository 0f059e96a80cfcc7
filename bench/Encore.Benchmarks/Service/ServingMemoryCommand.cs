using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Ranking.Live;
using Encore.Core.Runtime;
using Encore.Core.Serving;

namespace Encore.Benchmarks.Service;

/// <summary>
/// <c>serving-memory --artifacts DIR [--mode parts|served]</c>: where a live-serving set's memory goes.
/// <c>parts</c> loads the set part by part (offline lists, similar tracks, catalogue, the ALS model file, the fold-in's
/// precomputation, the live ranker) and after each part collects and prints the live managed heap, the committed heap
/// and VmRSS, so each part's share is its delta. <c>served</c> loads the set as <c>encore serve</c> does (one
/// <see cref="ServingSetLoader"/> call, parts in parallel, live ranker included), prints the memory the process holds
/// right after (garbage of the load included), then what a blocking collection, malloc_trim and a compacting collection
/// each leave and how long each took. Run it with the service's GC settings (DOTNET_gcServer=0 DOTNET_gcConcurrent=0) to see what the service sees.
/// </summary>
public static class ServingMemoryCommand
{
    public const string Name = "serving-memory";

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = CommandOptions.Parse(args, Name, "--artifacts", "--mode");
            var artifacts = options.GetValueOrDefault("--artifacts") ?? throw new EncoreException("--artifacts: give the artifacts directory.");
            var mode = options.GetValueOrDefault("--mode") ?? "parts";
            Console.WriteLine(
                $"{Name}: {artifacts}, mode {mode}, {Environment.ProcessorCount} cores, server GC {GCSettings.IsServerGC}, "
                + $"latency mode {GCSettings.LatencyMode}, load average {RequestThroughput.LoadAverage()}");
            Print("start", 0, collect: true);
            return mode switch
            {
                "parts" => Parts(artifacts),
                "served" => Served(artifacts),
                _ => throw new EncoreException($"--mode: '{mode}' is not parts or served."),
            };
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int Parts(string artifacts)
    {
        var clock = Stopwatch.StartNew();
        var offlineFile = ServingSetLoader.OfflineFile(artifacts);
        var offline = ArtifactReader.ReadRecommendations(offlineFile, keepScores: false, threads: null, CancellationToken.None);
        var popular = ArtifactReader.ReadTopPopular(Path.Combine(artifacts, ArtifactFiles.TopPopular));
        Print($"offline lists ({offline.UserCount:N0} users, {offline.PairCount:N0} items)", Lap(clock), collect: true);

        var similar = ArtifactReader.ReadSimilar(Path.Combine(artifacts, ArtifactFiles.Similar));
        Print($"similar ({similar.ItemCount:N0} items, {similar.PairCount:N0} pairs)", Lap(clock), collect: true);

        var catalog = ItemCatalog.Read(Path.Combine(artifacts, ArtifactFiles.Catalog));
        Print($"catalog ({catalog.Count:N0} items)", Lap(clock), collect: true);

        var (model, users, items) = AlsModelFile.Load(Path.Combine(artifacts, ArtifactFiles.AlsModel));
        Print(
            $"als_model.bin ({users.Count:N0} x {items.Count:N0}, {model.UserItems.Nnz:N0} train cells)", Lap(clock), collect: true);

        var manifest = Manifest.Read(Path.Combine(artifacts, ArtifactFiles.Manifest));
        var values = manifest.Parameter("values") is string name
            ? OptionValues.Parse<InteractionValues>(name, "values")
            : InteractionValues.Binary;
        var foldIn = new FoldInRecommender(new AlsFoldIn(model, new AlsFoldInOptions { Values = values }), users, items);
        Print("fold-in (YtY, the items packed by norm for retrieval)", Lap(clock), collect: true);

        var set = ServingSet.Empty with
        {
            Directory = artifacts,
            Offline = offline,
            OfflineFile = offlineFile,
            TopPopular = popular,
            Similar = similar,
            Catalog = catalog,
            CatalogFile = Path.Combine(artifacts, ArtifactFiles.Catalog),
            FoldIn = foldIn,
        };
        var live = LiveRecommender.Load(artifacts, set) ?? throw new EncoreException($"{artifacts}: no live_model.bin.");
        Print("live ranker (over the set's parts)", Lap(clock), collect: true);

        // The id maps come with als_model.bin; a second pair of them, measured alone, says what they cost.
        var (usersAgain, itemsAgain) = (IdMap.FromIds(users.ExternalIds), IdMap.FromIds(items.ExternalIds));
        Print("the two id maps again (what the model's own cost)", Lap(clock), collect: true);
        GC.KeepAlive(usersAgain);
        GC.KeepAlive(itemsAgain);
        // Everything stays reachable to the end, as in the service (the set holds the parts, the live ranker its own).
        GC.KeepAlive(set);
        GC.KeepAlive(live);
        return 0;
    }

    private static int Served(string artifacts)
    {
        var clock = Stopwatch.StartNew();
        var set = ServingSetLoader.Load(
            artifacts, null, ServingParts.All | ServingParts.FoldIn | ServingParts.Live, LiveRecommender.Loader);
        Print($"loaded as served ({set.LoadTime.TotalSeconds:F2} s in the loader)", Lap(clock), collect: false);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        Print("after a blocking gen-2 collection, not compacting", Lap(clock), collect: false);
        MemoryRelease.TrimNativeHeap();
        Print("after malloc_trim", Lap(clock), collect: false);
        MemoryRelease.Now();
        Print("after MemoryRelease.Now (aggressive, compacting)", Lap(clock), collect: false);
        Print("live heap", 0, collect: true);
        GC.KeepAlive(set);
        return 0;
    }

    private static double Lap(Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }

    private static void Print(string step, double seconds, bool collect)
    {
        var heap = collect ? GC.GetTotalMemory(forceFullCollection: true) : GC.GetTotalMemory(forceFullCollection: false);
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var status = ProcStatus();
        Console.WriteLine(
            $"  {step,-100} {seconds,6:F2} s   heap {Mb(heap),6} MB{(collect ? " live" : "     ")}   committed {Mb(info.TotalCommittedBytes),6} MB   "
            + $"fragmented {Mb(info.FragmentedBytes),5} MB   VmRSS {status.GetValueOrDefault("VmRSS", "?"),6} MB   "
            + $"RssAnon {status.GetValueOrDefault("RssAnon", "?"),6} MB   RssFile {status.GetValueOrDefault("RssFile", "?"),5} MB");
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>/proc/self/status's kB fields, in MB (empty off Linux).</summary>
    private static Dictionary<string, string> ProcStatus()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return fields;
        }

        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = line[(colon + 1)..].Trim();
            if (colon > 0 && value.EndsWith(" kB", StringComparison.Ordinal)
                && long.TryParse(value[..^3], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                fields[line[..colon]] = (kb / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
            }
        }

        return fields;
    }
}
