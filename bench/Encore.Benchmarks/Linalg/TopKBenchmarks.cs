using BenchmarkDotNet.Attributes;
using Encore.Core.Linalg;
using Encore.Core.Randomness;

namespace Encore.Benchmarks.Linalg;

/// <summary>Top-k of 50,000 item scores with 50 heard items excluded: sort-everything baseline vs the bounded heap.</summary>
[MemoryDiagnoser]
public class TopKBenchmarks
{
    private const int Items = 50_000;
    private float[] _scores = [];
    private int[] _exclude = [];
    private int[] _ids = [];
    private float[] _best = [];
    private float[] _sortKeys = [];
    private int[] _sortIds = [];

    [Params(10, 100)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(3);
        _scores = new float[Items];
        for (var i = 0; i < Items; i++)
        {
            _scores[i] = random.NextSingle();
        }

        _exclude = new int[50];
        for (var k = 0; k < _exclude.Length; k++)
        {
            _exclude[k] = k * 997;
        }

        _ids = new int[K];
        _best = new float[K];
        _sortKeys = new float[Items];
        _sortIds = new int[Items];
    }

    [Benchmark(Baseline = true)]
    public int SortAll()
    {
        var n = 0;
        var cursor = 0;
        for (var i = 0; i < Items; i++)
        {
            if (cursor < _exclude.Length && _exclude[cursor] == i)
            {
                cursor++;
                continue;
            }

            _sortKeys[n] = -_scores[i];
            _sortIds[n++] = i;
        }

        Array.Sort(_sortKeys, _sortIds, 0, n);
        return _sortIds[0];
    }

    [Benchmark]
    public int BoundedHeap() => TopK.Select(_scores, _exclude, _ids, _best);
}
