using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

using BinaryModel = Microsoft.ML.Calibrators.CalibratedModelParametersBase<
    Microsoft.ML.Trainers.LightGbm.LightGbmBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>;

namespace Encore.Core.Ranking.LightGbm;

/// <summary>A ranker fresh from ML.NET: Encore's model and the ML.NET transformer it was extracted from.</summary>
/// <param name="Model">The model Encore scores with.</param>
/// <param name="Transformer">ML.NET's own scorer of the same trees: the slow reference the tests compare against.</param>
internal sealed record TrainedRanker(RankerModel Model, ITransformer Transformer);

/// <summary>Trains LightGBM through ML.NET on a <see cref="FeatureTable"/> and extracts its trees.</summary>
internal static class LightGbmTraining
{
    // LambdaRank's default label gains (2^i − 1) are defined for labels 0..30.
    private const int MaxRelevance = 30;

    // Native LightGBM is not safe for two trainings at once in one process: it keeps its thread count process-wide,
    // sizes per-thread buffers by it, and OpenMP hands every calling thread the same thread ids (LightGBM issue 5383);
    // overlapping trainings crashed a test host with SIGSEGV in SparseBin::Push. A pipeline trains one model at a
    // time, so only concurrent callers ever wait here.
    private static readonly Lock s_native = new();

    public static TrainedRanker Fit(FeatureTable table, RankerModelOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckLabels(table, options.Objective);
        cancellationToken.ThrowIfCancellationRequested();

        var ml = new MLContext(options.Seed);
        var binary = options.Objective == RankerObjective.Binary;
        var data = new FeatureTableDataView(table, booleanLabel: binary, cancellationToken);
        ITransformer transformer;
        RegressionTreeEnsemble ensemble;
        // ML.NET offers no public way to interrupt LightGBM's boosting; the data view checks the token while ML.NET
        // copies the rows into LightGBM, and the token is checked again once the trees are built.
        lock (s_native)
        {
            if (binary)
            {
                var fitted = ml.BinaryClassification.Trainers.LightGbm(
                    Configure<LightGbmBinaryTrainer.Options, BinaryPredictionTransformer<BinaryModel>, BinaryModel>(options)).Fit(data);
                (transformer, ensemble) = (fitted, fitted.Model.SubModel.TrainedTreeEnsemble);
            }
            else
            {
                var trainerOptions = Configure<LightGbmRankingTrainer.Options, RankingPredictionTransformer<LightGbmRankingModelParameters>,
                    LightGbmRankingModelParameters>(options);
                trainerOptions.RowGroupColumnName = FeatureTableDataView.GroupColumn;
                var fitted = ml.Ranking.Trainers.LightGbm(trainerOptions).Fit(data);
                (transformer, ensemble) = (fitted, fitted.Model.TrainedTreeEnsemble);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        var (scorer, gains) = Extract(ensemble, table.Columns);
        // LightGBM's per-leaf row counts are not in ML.NET's trees; routing the training rows again gives them.
        var covers = TreeShap.CountLeafCovers(scorer, table.Values, table.Columns);
        return new TrainedRanker(new RankerModel([.. table.Names], options, scorer, gains, covers), transformer);
    }

    /// <summary>Sets what both objectives share on ML.NET's options.</summary>
    private static TOptions Configure<TOptions, TTransformer, TModel>(RankerModelOptions options)
        where TOptions : LightGbmTrainerBase<TOptions, float, TTransformer, TModel>.OptionsBase, new()
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class => new()
    {
        LabelColumnName = FeatureTableDataView.LabelColumn,
        FeatureColumnName = FeatureTableDataView.FeaturesColumn,
        NumberOfIterations = options.Trees,
        NumberOfLeaves = options.Leaves,
        LearningRate = options.LearningRate,
        MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
        Seed = options.Seed,
        NumberOfThreads = options.Threads == 0 ? null : options.Threads,
        // LightGBM's switches for a run-to-run identical model: deterministic, with one fixed histogram layout.
        Deterministic = true,
        ForceColumnWise = true,
        // The input has no NaN left (MissingValue), so LightGBM's own missing-value routing is never needed.
        HandleMissingValue = false,
        Silent = true,
        Verbose = false,
    };

    private static void CheckLabels(FeatureTable table, RankerObjective objective)
    {
        if (table.Rows == 0)
        {
            throw new EncoreException("The ranker's training table has no rows.");
        }

        var labels = table.Labels;
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            var valid = objective == RankerObjective.Binary
                ? label is 0f or 1f
                : label >= 0 && label <= MaxRelevance && label == MathF.Floor(label);
            if (!valid)
            {
                var expected = objective == RankerObjective.Binary ? "0 or 1" : $"a whole relevance in [0, {MaxRelevance}]";
                throw new EncoreException($"Ranker training row {i} (group {table.Group(i)}) has label {label}; the {objective} objective needs {expected}.");
            }
        }
    }

    /// <summary>Copies ML.NET's trees into the flat arrays of a <see cref="TreeEnsembleScorer"/>, and sums split gains per feature.</summary>
    internal static (TreeEnsembleScorer Scorer, double[] Gains) Extract(RegressionTreeEnsemble ensemble, int features)
    {
        // ML.NET's scorer adds neither the bias nor the tree weights (InternalTreeEnsemble.GetOutput sums bare leaf
        // values); LightGBM leaves both at their identity, which is checked so a change cannot go unnoticed.
        if (ensemble.Bias != 0 || ensemble.TreeWeights.Any(w => w != 1))
        {
            throw new InvalidOperationException("The LightGBM ensemble has a bias or tree weights, which the fast scorer does not apply.");
        }

        var nodes = new List<TreeEnsembleScorer.Node>();
        var leaves = new List<double>();
        var roots = new int[ensemble.Trees.Count];
        var gains = new double[features];
        for (var t = 0; t < roots.Length; t++)
        {
            var tree = ensemble.Trees[t];
            var nodeBase = nodes.Count;
            var leafBase = leaves.Count;
            // A one-leaf tree has no node: its root is the leaf itself.
            roots[t] = tree.NumberOfNodes == 0 ? ~leafBase : nodeBase;
            for (var i = 0; i < tree.NumberOfNodes; i++)
            {
                if (tree.CategoricalSplitFlags[i])
                {
                    throw new InvalidOperationException("The LightGBM ensemble has a categorical split, which Encore does not train.");
                }

                var feature = tree.NumericalSplitFeatureIndexes[i];
                nodes.Add(new TreeEnsembleScorer.Node(
                    feature,
                    tree.NumericalSplitThresholds[i],
                    Shift(tree.LeftChild[i], nodeBase, leafBase),
                    Shift(tree.RightChild[i], nodeBase, leafBase)));
                gains[feature] += tree.SplitGains[i];
            }

            leaves.AddRange(tree.LeafValues);
        }

        return (new TreeEnsembleScorer([.. nodes], roots, [.. leaves]), gains);
    }

    private static int Shift(int reference, int nodeBase, int leafBase) =>
        reference >= 0 ? reference + nodeBase : ~(~reference + leafBase);
}
