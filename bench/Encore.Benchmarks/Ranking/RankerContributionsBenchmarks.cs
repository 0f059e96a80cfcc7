using BenchmarkDotNet.Attributes;
using Encore.Core.Randomness;
using Encore.Core.Ranking;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Benchmarks.Ranking;

/// <summary>
/// Explaining one row of a 200-tree, 31-leaf LightGBM ranker over 30 features: TreeSHAP contributions of every
/// feature (<see cref="RankerModel.Contributions"/>, what an explained recommendation costs per item) against scoring
/// the same row (the baseline). Per item = time / <see cref="Items"/>. Also what training pays once for them:
/// counting the training rows of every leaf (<c>TreeShap.CountLeafCovers</c>, 100k rows × 200 trees).
/// </summary>
/// <remarks>
/// The trees come from a real training run on the generator of <see cref="RankerScoringBenchmarks"/> (a planted
/// signal over three features plus noise, 10 % missing), so their depths are LightGBM's. The slow reference
/// (subset enumeration, <c>TreeShapReference</c>) is exponential in a tree's features and cannot run on these trees;
/// the tests compare the two on small ones.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RankerContributionsBenchmarks
{
    private const int Items = 100;
    private const int Features = 30;
    private RankerModel _model = null!;
    private FeatureTable _training = null!;
    private float[][] _rows = [];
    private double[] _contributions = [];
    private float[] _score = new float[1];

    [GlobalSetup]
    public void Setup()
    {
        var options = new RankerModelOptions { Trees = 200, Leaves = 31, LearningRate = 0.05, Threads = 1 };
        _training = Generate(100_000, seed: 1);
        _model = RankerModel.Train(_training, options);
        var test = Generate(Items, seed: 2);
        _rows = [.. Enumerable.Range(0, Items).Select(r => test.Row(r).ToArray())];
        _contributions = new double[Features];
        _score = new float[1];
    }

    [Benchmark(Baseline = true)]
    public float ScoreOneRowAtATime()
    {
        var sum = 0f;
        foreach (var row in _rows)
        {
            _model.Scorer.Score(row, Features, _score, threads: 1);
            sum += _score[0];
        }

        return sum;
    }

    [Benchmark]
    public double ContributionsOneRowAtATime()
    {
        var sum = 0.0;
        foreach (var row in _rows)
        {
            _model.Contributions(row, _contributions);
            sum += _contributions[0];
        }

        return sum;
    }

    [Benchmark]
    public double LeafCoversOfTheTrainingRows() =>
        TreeShap.CountLeafCovers(_model.Scorer, _training.Values, _training.Columns)[0];

    private static FeatureTable Generate(int rows, ulong seed)
    {
        var names = Enumerable.Range(0, Features).Select(f => $"feature_{f:D2}").ToArray();
        var table = new FeatureTable(names, rows);
        var random = new SplitMix64(seed);
        for (var r = 0; r < rows; r++)
        {
            var row = table.AddRow(r / 100);
            for (var f = 0; f < Features; f++)
            {
                var value = random.NextSingle();
                row[f] = f > 0 && random.NextSingle() < 0.1f ? float.NaN : value;
            }

            var score = row[0] + (0.5f * (float.IsNaN(row[1]) ? 0.3f : row[1])) - (0.3f * (float.IsNaN(row[2]) ? 0.5f : row[2]));
            table.SetLabel(r, score + (0.4f * (random.NextSingle() - 0.5f)) > 0.9f ? 1f : 0f);
        }

        return table;
    }
}
