using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Encore.Core.Linalg;
using Encore.Core.Randomness;

namespace Encore.Benchmarks.Linalg;

/// <summary>
/// One CG product A·p = G·p + Σₖ (cₖ − 1)(yₖ·p)yₖ for a row with 50 observed items among 50,000 (the average user
/// of the synthetic benchmark): scalar reference, a TensorPrimitives composition, and the fused kernels.
/// </summary>
[MemoryDiagnoser]
public class SparseGramProductBenchmarks
{
    private const int Items = 50_000;
    private const int Observed = 50;
    private float[] _factors = [];
    private float[] _gram = [];
    private int[] _ids = [];
    private float[] _confidence = [];
    private float[] _p = [];
    private float[] _result = [];

    [Params(32, 64, 128)]
    public int Factors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(2);
        _factors = new float[Items * Factors];
        for (var i = 0; i < _factors.Length; i++)
        {
            _factors[i] = random.NextSingle() * 0.1f;
        }

        _gram = new float[Factors * Factors];
        for (var i = 0; i < _gram.Length; i++)
        {
            _gram[i] = random.NextSingle();
        }

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

        _p = new float[Factors];
        for (var i = 0; i < _p.Length; i++)
        {
            _p[i] = random.NextSingle();
        }

        _result = new float[Factors];
    }

    [Benchmark(Baseline = true)]
    public void Scalar() =>
        SparseGramProduct.ComputeScalar(_gram, _factors, Factors, _ids, _confidence, _p, _result, 1f, 0f, 1f);

    [Benchmark]
    public void TensorPrimitivesComposition()
    {
        var f = Factors;
        var result = _result.AsSpan();
        result.Clear();
        for (var j = 0; j < f; j++)
        {
            TensorPrimitives.MultiplyAdd(_gram.AsSpan(j * f, f), _p[j], result, result);
        }

        for (var k = 0; k < _ids.Length; k++)
        {
            var y = _factors.AsSpan(_ids[k] * f, f);
            var t = (_confidence[k] - 1f) * TensorPrimitives.Dot(y, _p);
            TensorPrimitives.MultiplyAdd(y, t, result, result);
        }
    }

    [Benchmark]
    public void Vector256() =>
        SparseGramProduct.Compute(_gram, _factors, Factors, _ids, _confidence, _p, _result, 1f, 0f, 1f, SimdWidth.Vector256);

    [Benchmark]
    public void Vector512() =>
        SparseGramProduct.Compute(_gram, _factors, Factors, _ids, _confidence, _p, _result, 1f, 0f, 1f, SimdWidth.Vector512);
}
