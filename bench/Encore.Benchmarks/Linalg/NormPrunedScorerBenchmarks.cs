using BenchmarkDotNet.Attributes;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Randomness;

namespace Encore.Benchmarks.Linalg;

/// <summary>
/// Exact top-50 of 256 users over a full-scale catalogue: brute force (<see cref="TileScorer"/>, the baseline) vs
/// the norm-pruned search. Factors come from the ALS model file named by ENCORE_ALS_MODEL (a full-scale
/// <c>retrieval</c> run saves one; users are every 5,000th with listens, their heard items filtered); without it,
/// synthetic factors of 981,071 items × 50 with log-normally spread lengths (σ = 0.5), random directions.
/// </summary>
[MemoryDiagnoser]
public class NormPrunedScorerBenchmarks
{
    private const int Users = NormPrunedScorer.QueryBlock;
    private const int K = 50;
    private FactorMatrix _items = null!;
    private FactorMatrix _users = null!;
    private ExclusionOf _heard = _ => default;
    private TileScorer _brute = null!;
    private NormPrunedScorer _pruned = null!;
    private int[] _rows = [];
    private float[] _bruteScratch = [];
    private float[] _prunedScratch = [];
    private TopKBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("ENCORE_ALS_MODEL");
        if (path is not null && File.Exists(path))
        {
            var model = AlsRecommender.Load(path);
            _items = model.ItemFactors;
            _users = model.UserFactors;
            var heard = model.UserItems;
            _rows = Enumerable.Range(0, _users.Rows).Where(u => u % 5000 == 0 && heard.RowIndices(u).Length > 0).Take(Users).ToArray();
            _heard = u => heard.RowIndices(u);
        }
        else
        {
            var random = new SplitMix64(5);
            _items = Spread(new FactorMatrix(981_071, 50), ref random);
            _users = Spread(new FactorMatrix(Users, 50), ref random);
            _rows = Enumerable.Range(0, Users).ToArray();
        }

        _brute = new TileScorer(_items, _items.Columns, Simd.Best);
        _pruned = new NormPrunedScorer(_items, _items.Columns, Simd.Best);
        _bruteScratch = new float[_brute.ScratchLength];
        _prunedScratch = new float[_pruned.ScratchLength];
        _batch = new TopKBatch(_rows.Length, K);
    }

    [Benchmark(Baseline = true)]
    public void BruteForce()
    {
        for (var start = 0; start < _rows.Length; start += TileScorer.QueryBlock)
        {
            var length = Math.Min(TileScorer.QueryBlock, _rows.Length - start);
            _brute.Select(_users, _rows.AsSpan(start, length), _heard, _batch, start, _bruteScratch);
        }
    }

    [Benchmark]
    public void NormPruned() => _pruned.Select(_users, _rows, _heard, _batch, 0, _prunedScratch);

    private static FactorMatrix Spread(FactorMatrix matrix, ref SplitMix64 random)
    {
        for (var i = 0; i < matrix.Rows; i++)
        {
            // Box–Muller normal for the log-length.
            var u1 = Math.Max(1e-12, random.NextSingle());
            var u2 = random.NextSingle();
            var scale = (float)Math.Exp(0.5 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            var row = matrix.Row(i);
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = (random.NextSingle() - 0.5f) * scale;
            }
        }

        return matrix;
    }
}
