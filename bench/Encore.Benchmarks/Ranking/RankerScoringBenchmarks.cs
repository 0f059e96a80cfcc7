using BenchmarkDotNet.Attributes;
using Encore.Core.Randomness;
using Encore.Core.Ranking;
using Encore.Core.Ranking.LightGbm;
using Microsoft.ML;

namespace Encore.Benchmarks.Ranking;

/// <summary>
/// Scoring 1M candidate rows × 30 features with a 200-tree, 31-leaf LightGBM ranker: ML.NET's own transform (the
/// baseline, read through a cursor as a batch scorer would) vs Encore's flat-array <see cref="TreeEnsembleScorer"/>
/// on one thread and on every core, and the scorer's earlier walk (every row the tree's full depth) on one thread.
/// Rows per second = 1,000,000 / time.
/// </summary>
/// <remarks>
/// The trees come from a real training run (on 100k rows of the same generator, a planted signal over a few
/// features plus noise, 10 % missing values), so their shapes and depths are LightGBM's, not random ones.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RankerScoringBenchmarks
{
    private const int Rows = 1_000_000;
    private const int Features = 30;
    private const int Candidates = 100;
    private FeatureTable _table = null!;
    private RankerModel _model = null!;
    private ITransformer _transformer = null!;
    private IDataView _view = null!;
    private float[] _scores = [];

    [GlobalSetup]
    public void Setup()
    {
        var options = new RankerModelOptions { Trees = 200, Leaves = 31, LearningRate = 0.05, Threads = 1 };
        var trained = LightGbmTraining.Fit(Generate(Rows / 10, seed: 1), options, CancellationToken.None);
        _model = trained.Model;
        _transformer = trained.Transformer;
        _table = Generate(Rows, seed: 2);
        _view = new FeatureTableDataView(_table, booleanLabel: true);
        _scores = new float[Rows];
    }

    [Benchmark(Baseline = true)]
    public float MlNetTransform()
    {
        var output = _transformer.Transform(_view);
        var column = output.Schema["Score"];
        using var cursor = output.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        var score = 0f;
        var last = 0f;
        while (cursor.MoveNext())
        {
            getter(ref score);
            last = score;
        }

        return last;
    }

    [Benchmark]
    public float FastScorerOneThread()
    {
        _model.Scorer.Score(_table.Values, _table.Columns, _scores, threads: 1);
        return _scores[^1];
    }

    /// <summary>The walk before rows stopped at their leaves: each row takes its tree's full depth in steps.</summary>
    [Benchmark]
    public float FullDepthWalkOneThread()
    {
        _model.Scorer.Score(_table.Values, _table.Columns, _scores, threads: 1, TreeEnsembleScorer.Walk.FullDepth);
        return _scores[^1];
    }

    [Benchmark]
    public float FastScorerAllCores()
    {
        _model.Scorer.Score(_table.Values, _table.Columns, _scores, threads: 0);
        return _scores[^1];
    }

    /// <summary>Users of <see cref="Candidates"/> rows; the label depends on features 0, 1 and 2 plus noise.</summary>
    private static FeatureTable Generate(int rows, ulong seed)
    {
        var names = Enumerable.Range(0, Features).Select(f => $"feature_{f:D2}").ToArray();
        var table = new FeatureTable(names, rows);
        var random = new SplitMix64(seed);
        for (var r = 0; r < rows; r++)
        {
            var row = table.AddRow(r / Candidates);
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
