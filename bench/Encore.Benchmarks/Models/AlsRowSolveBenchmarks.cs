using BenchmarkDotNet.Attributes;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Randomness;

namespace Encore.Benchmarks.Models;

/// <summary>
/// One user's ALS solve (50 observed items among 50,000): the exact Cholesky reference vs implicit's 3-step
/// conjugate gradient, at the kernel width this machine runs.
/// </summary>
[MemoryDiagnoser]
public class AlsRowSolveBenchmarks
{
    private const int Items = 50_000;
    private const int Observed = 50;
    private FactorMatrix _items = new(0, 0);
    private float[] _gram = [];
    private int[] _ids = [];
    private float[] _confidence = [];
    private float[] _x = [];
    private float[] _start = [];
    private float[] _cgScratch = [];
    private double[] _choleskyScratch = [];

    [Params(32, 64, 128)]
    public int Factors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(4);
        _items = new FactorMatrix(Items, Factors);
        var data = _items.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextSingle() * 0.1f;
        }

        _gram = new float[Factors * Factors];
        AlsSolver.GramPlusRegularization(_items, 0.01f, _gram, 1, Simd.Best);
        _ids = new int[Observed];
        for (var k = 0; k < Observed; k++)
        {
            _ids[k] = (int)random.NextBelow(Items);
        }

        Array.Sort(_ids);
        _confidence = new float[Observed];
        for (var k = 0; k < Observed; k++)
        {
            _confidence[k] = 1 + (k % 4);
        }

        _start = new float[Factors];
        for (var j = 0; j < Factors; j++)
        {
            _start[j] = random.NextSingle() * 0.01f;
        }

        _x = new float[Factors];
        _cgScratch = new float[3 * Factors];
        _choleskyScratch = new double[(Factors * Factors) + Factors];
    }

    [Benchmark(Baseline = true)]
    public void Cholesky() =>
        AlsSolver.SolveCholesky(_gram, _items.Data, Factors, _ids, _confidence, _x, _choleskyScratch, 0);

    [Benchmark]
    public void ConjugateGradient3()
    {
        _start.CopyTo(_x, 0);
        var scratch = _cgScratch.AsSpan();
        AlsSolver.SolveConjugateGradient(
            _gram, _items.Data, Factors, _ids, _confidence, _x,
            scratch[..Factors], scratch.Slice(Factors, Factors), scratch.Slice(2 * Factors, Factors), 3, Simd.Best);
    }
}
