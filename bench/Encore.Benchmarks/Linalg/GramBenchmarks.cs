using BenchmarkDotNet.Attributes;
using Encore.Core.Linalg;
using Encore.Core.Randomness;

namespace Encore.Benchmarks.Linalg;

/// <summary>YᵀY over one 2048-row block (the unit ALS parallelises): scalar reference vs the register-tiled kernel.</summary>
[MemoryDiagnoser]
public class GramBenchmarks
{
    private const int Rows = 2048;
    private float[] _rows = [];
    private float[] _gram = [];

    [Params(32, 64, 128)]
    public int Factors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(1);
        _rows = new float[Rows * Factors];
        for (var i = 0; i < _rows.Length; i++)
        {
            _rows[i] = random.NextSingle();
        }

        _gram = new float[Factors * Factors];
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => Gram.AccumulateScalar(_rows, Rows, Factors, _gram);

    [Benchmark]
    public void Vector256() => Gram.AccumulateUpper(_rows, Rows, Factors, _gram, SimdWidth.Vector256);

    [Benchmark]
    public void Vector512() => Gram.AccumulateUpper(_rows, Rows, Factors, _gram, SimdWidth.Vector512);
}
