#:project ../../src/Encore.Core/Encore.Core.csproj
#:property PublishAot=false

// What the stable-key index of a string set's tracks costs when a set loads (docs/service.md, "How events are
// stored"): build time and managed bytes of StableKeyIndex (sorted long[] + int[]) against a Dictionary<long, int>,
// and the lookup a request makes per stored event. Ids are UUID-like (36 characters), as MusicBrainz ids are.
// Usage: dotnet run bench/service/stable-keys.cs -- [ids=1000000] [runs=5]
using System.Diagnostics;
using System.Globalization;
using Encore.Core.Data.Interactions;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var random = new Random(7);
string Hex(int digits) => string.Concat(Enumerable.Range(0, digits).Select(_ => "0123456789abcdef"[random.Next(16)]));
var originals = new HashSet<string>(StringComparer.Ordinal);
while (originals.Count < count)
{
    originals.Add($"{Hex(8)}-{Hex(4)}-4{Hex(3)}-8{Hex(3)}-{Hex(12)}");
}

var sorted = originals.Order(StringComparer.Ordinal).ToArray();

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

// Bytes a structure holds: what the heap grew by while it was built, less the garbage a full collection frees.
long Held(Func<object> build, out object built, out double ms)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var before = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    built = build();
    ms = clock.Elapsed.TotalMilliseconds;
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var after = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
    return Math.Max(after - before, 0) is var grown && grown > 0 ? grown : GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
}

var indexMs = new List<double>();
var dictionaryMs = new List<double>();
long indexBytes = 0, dictionaryBytes = 0;
StableKeyIndex? index = null;
Dictionary<long, int>? dictionary = null;
for (var run = 0; run < runs; run++)
{
    // A fresh map each run: the index is built once per map (and kept with it).
    var map = IdMap.FromOriginals(sorted);
    indexBytes = Held(() => map.StableKeys, out var built, out var ms);
    index = (StableKeyIndex)built;
    indexMs.Add(ms);

    dictionaryBytes = Held(
        () =>
        {
            var keys = new Dictionary<long, int>(map.Count);
            for (var i = 0; i < map.Count; i++)
            {
                keys[StableKey.Of(map.ToOriginal(i))] = i;
            }

            return keys;
        },
        out built,
        out ms);
    dictionary = (Dictionary<long, int>)built;
    dictionaryMs.Add(ms);
}

// A request reads at most Events:Capacity (10) stored events: hash-free lookups of their keys.
var probes = sorted.Take(10_000).Select(StableKey.Of).ToArray();
var lookups = Stopwatch.StartNew();
var found = 0;
for (var repeat = 0; repeat < 100; repeat++)
{
    foreach (var key in probes)
    {
        found += index!.TryGet(key, out _) ? 1 : 0;
    }
}

var perLookupNs = lookups.Elapsed.TotalMilliseconds * 1e6 / (100.0 * probes.Length);
lookups.Restart();
for (var repeat = 0; repeat < 100; repeat++)
{
    foreach (var key in probes)
    {
        found += dictionary!.TryGetValue(key, out _) ? 1 : 0;
    }
}

var perDictionaryLookupNs = lookups.Elapsed.TotalMilliseconds * 1e6 / (100.0 * probes.Length);
long sink = 0;
var hashing = Stopwatch.StartNew();
for (var repeat = 0; repeat < 2; repeat++)
{
    // The second pass is timed: the first one warms the JIT.
    hashing.Restart();
    foreach (var original in sorted)
    {
        sink ^= StableKey.Of(original);
    }
}

Console.WriteLine($"ids={count:N0} runs={runs} (cores: {Environment.ProcessorCount}, load: {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
Console.WriteLine($"StableKey.Of alone: {hashing.Elapsed.TotalMilliseconds:F0} ms for all ids ({sink & 1})");
// The arrays' own sizes: 12 B a key and id plus the directory; a Dictionary<long, int> entry is 24 B (hash, next,
// key, value, padded) plus a 4 B bucket per slot of its prime capacity.
var dictionaryExact = 28L * dictionary!.EnsureCapacity(0);
Console.WriteLine($"StableKeyIndex:   build {Median(indexMs):F0} ms median ({string.Join(", ", indexMs.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))}), {index!.Bytes / 1e6:F1} MB exact ({index.Bytes / (double)count:F1} B/id; heap grew {indexBytes / 1e6:F1} MB)");
Console.WriteLine($"Dictionary:       build {Median(dictionaryMs):F0} ms median ({string.Join(", ", dictionaryMs.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))}), {dictionaryExact / 1e6:F1} MB exact ({dictionaryExact / (double)count:F1} B/id; heap grew {dictionaryBytes / 1e6:F1} MB)");
Console.WriteLine($"lookup per stored event: index {perLookupNs:F0} ns, dictionary {perDictionaryLookupNs:F0} ns (found {found:N0})");
