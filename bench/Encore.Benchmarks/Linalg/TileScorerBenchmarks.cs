using BenchmarkDotNet.Attributes;
using Encore.Core.Linalg;
using Encore.Core.Randomness;

namespace Encore.Benchmarks.Linalg;

/// <summary>
/// Top-50 of 64 users against the full-scale catalogue (981,071 items, 50 factors): the old path (scores of 8
/// users at a time into full rows, then a heap pass each) as baseline vs the tiled kernel with the fused top-k test.
/// GFLOP/s = 64 · 981071 · 50 · 2 / time.
/// </summary>
[MemoryDiagnoser]
public class TileScorerBenchmarks
{
    private const int Items = 981_071;
    private const int Factors = 50;
    private const int Users = TileScorer.QueryBlock;
    private const int K = 50;
    private FactorMatrix _items = null!;
    private FactorMatrix _users = null!;
    private TileScorer _scorer = null!;
    private int[] _rows = [];
    private float[] _scratch = [];
    private float[] _rowScores = [];
    private TopKBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(5);
        _items = Fill(new FactorMatrix(Items, Factors), ref random);
        _users = Fill(new FactorMatrix(Users, Factors), ref random);
        _rows = new int[Users];
        for (var u = 0; u < Users; u++)
        {
            _rows[u] = u;
        }

        _scorer = new TileScorer(_items, Factors, Simd.Best);
        _scratch = new float[_scorer.ScratchLength];
        _rowScores = new float[8 * Items];
        _batch = new TopKBatch(Users, K);
    }

    [Benchmark(Baseline = true)]
    public void BlockedMatVecThenHeap()
    {
        for (var u0 = 0; u0 < Users; u0 += 8)
        {
            MatVec.MultiplyBlocked(_items.Data, Factors, Items, _users, _rows.AsSpan(u0, 8), _rowScores, Simd.Best);
            for (var b = 0; b < 8; b++)
            {
                _batch.SetCount(u0 + b, TopK.Select(_rowScores.AsSpan(b * Items, Items), default, _batch.ItemSlot(u0 + b), _batch.ScoreSlot(u0 + b)));
            }
        }
    }

    [Benchmark]
    public void TiledWithFusedTopK() => _scorer.Select(_users, _rows, _ => default, _batch, 0, _scratch);

    private static FactorMatrix Fill(FactorMatrix matrix, ref SplitMix64 random)
    {
        var data = matrix.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextSingle() - 0.5f;
        }

        return matrix;
    }
}
