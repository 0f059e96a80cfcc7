#:project ../../src/Encore.Core/Encore.Core.csproj
#:property PublishAot=false

// What the ranker's ALS candidates cost against train's personal lists, on one als_model.bin (issue 17 item 2,
// bench/RESULTS.md "ALS candidates computed once"): the ranker asks RecommendUnheard(chunk, 100) for chunks of 2,048
// users; train asks RecommendAll(50) in chunks of 16,384. Times the three over the same users in process CPU
// seconds (steadier than wall on a shared machine) and checks the lists bit for bit: the ranker's chunks equal
// RecommendAll's at k = 100, and k = 50 is the prefix of k = 100.
// Usage: dotnet run bench/ranking/als-candidates.cs -- ARTIFACTS/als_model.bin [sampled users = all] [blocks = 8]
using System.Diagnostics;
using System.Globalization;
using Encore.Core.Artifacts;
using Encore.Core.Linalg;

var path = args[0];
var (model, _, _) = AlsModelFile.Load(path);
var all = model.UserFactors.Rows;
var sample = args.Length > 1 ? Math.Min(all, int.Parse(args[1], CultureInfo.InvariantCulture)) : all;
var blocks = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;

// Evenly spaced blocks of contiguous users (the ranker's chunks are contiguous), each a whole number of 2,048-chunks.
const int RankerChunk = 2048;
const int TrainChunk = 64 * 256;
var perBlock = Math.Max(RankerChunk, sample / blocks / TrainChunk * TrainChunk);
var users = new List<int>();
for (var b = 0; b < blocks && users.Count < sample; b++)
{
    var start = (int)((long)all * b / blocks);
    for (var u = start; u < Math.Min(all, start + perBlock); u++)
    {
        users.Add(u);
    }
}

var rows = users.ToArray();
Console.WriteLine($"{path}: {all:N0} users x {model.ItemFactors.Rows:N0} items, {model.ItemFactors.Columns} columns; timing {rows.Length:N0} users");

var process = Process.GetCurrentProcess();
double Cpu()
{
    process.Refresh();
    return process.TotalProcessorTime.TotalSeconds;
}

(double Cpu, double Wall) Time(Action action)
{
    GC.Collect();
    var cpu = Cpu();
    var wall = Stopwatch.StartNew();
    action();
    return (Cpu() - cpu, wall.Elapsed.TotalSeconds);
}

var build = Time(() => model.Recommend(0, 1));
Console.WriteLine($"norm-sorted item panels (built once per model): {build.Cpu:F2} s CPU, {build.Wall:F2} s wall");

TopKBatch[] Chunked(int chunk, int k)
{
    var parts = new List<TopKBatch>();
    for (var start = 0; start < rows.Length; start += chunk)
    {
        var span = rows.AsSpan(start, Math.Min(chunk, rows.Length - start));
        parts.Add(chunk == RankerChunk ? model.RecommendUnheard(span, k) : model.Recommend(span, k, filterAlreadyHeard: true));
    }

    return [.. parts];
}

(int[] Items, float[] Scores, int Count)[] Flat(TopKBatch[] parts) =>
    [.. parts.SelectMany(p => Enumerable.Range(0, p.Rows).Select(r => (p.Items(r).ToArray(), p.Scores(r).ToArray(), p.Count(r))))];

TopKBatch[] ranker = [], train50 = [], train100 = [];
var runs = new Dictionary<string, List<double>> { ["ranker"] = [], ["train50"] = [], ["train100"] = [] };
for (var run = 0; run < 2; run++)
{
    var r = Time(() => ranker = Chunked(RankerChunk, 100));
    var t50 = Time(() => train50 = Chunked(TrainChunk, 50));
    var t100 = Time(() => train100 = Chunked(TrainChunk, 100));
    runs["ranker"].Add(r.Cpu);
    runs["train50"].Add(t50.Cpu);
    runs["train100"].Add(t100.Cpu);
    Console.WriteLine(
        $"run {run + 1}: ranker RecommendUnheard(2048-chunks, 100) {r.Cpu:F2} s CPU / {r.Wall:F2} s wall; " +
        $"train k = 50 {t50.Cpu:F2} / {t50.Wall:F2}; k = 100 {t100.Cpu:F2} / {t100.Wall:F2}");
}

var a = Flat(ranker);
var b50 = Flat(train50);
var b100 = Flat(train100);
var same = 0;
var prefix = 0;
for (var i = 0; i < a.Length; i++)
{
    same += a[i].Count == b100[i].Count && a[i].Items.AsSpan().SequenceEqual(b100[i].Items)
        && BitsEqual(a[i].Scores, b100[i].Scores) ? 1 : 0;
    var n = b50[i].Count;
    prefix += n == Math.Min(50, b100[i].Count) && b50[i].Items.AsSpan().SequenceEqual(b100[i].Items.AsSpan(0, n))
        && BitsEqual(b50[i].Scores, b100[i].Scores[..n]) ? 1 : 0;
}

Console.WriteLine($"ranker chunks == RecommendAll(100): {same:N0} of {a.Length:N0} users; k = 50 is the prefix of k = 100: {prefix:N0} of {a.Length:N0}");
var scale = (double)all / rows.Length;
foreach (var (name, cpu) in runs)
{
    Console.WriteLine($"{name}: min {cpu.Min():F2} s CPU over {rows.Length:N0} users -> {cpu.Min() * scale:F1} s CPU for all {all:N0}");
}

static bool BitsEqual(float[] x, float[] y) =>
    x.Length == y.Length && x.Select(BitConverter.SingleToInt32Bits).SequenceEqual(y.Select(BitConverter.SingleToInt32Bits));
