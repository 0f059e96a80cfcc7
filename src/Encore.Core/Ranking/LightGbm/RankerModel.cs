namespace Encore.Core.Ranking.LightGbm;

/// <summary>
/// The second stage of the two-stage recommender: a LightGBM tree ensemble, trained through ML.NET, that scores
/// (user, candidate) rows of a <see cref="FeatureTable"/>.
/// </summary>
/// <remarks>
/// Scoring does not go through ML.NET: the trained trees are copied into a <see cref="TreeEnsembleScorer"/> that
/// scores blocks of rows in parallel with no per-row allocation, and gives ML.NET's scores exactly. The score is the
/// ensemble's raw output: for <see cref="RankerObjective.Binary"/> the log-odds margin before ML.NET's Platt
/// calibration (a monotone map, so it ranks the same), for <see cref="RankerObjective.LambdaRank"/> the ranking score.
/// Missing features (NaN) are handled as <see cref="MissingValue"/> describes.
/// </remarks>
public sealed partial class RankerModel
{
    private readonly string[] _featureNames;
    private readonly TreeEnsembleScorer _scorer;
    private readonly double[] _gains;
    private readonly TreeShap? _shap;

    /// <param name="featureNames">The features, in the trees' column order.</param>
    /// <param name="options">The options it was trained with.</param>
    /// <param name="scorer">The trees.</param>
    /// <param name="gains">The total split gain of each feature.</param>
    /// <param name="leafCovers">Training rows per leaf, for <see cref="Contributions"/>; null for a model saved without them.</param>
    internal RankerModel(string[] featureNames, RankerModelOptions options, TreeEnsembleScorer scorer, double[] gains, double[]? leafCovers = null)
    {
        if (scorer.FeatureCount > featureNames.Length || gains.Length != featureNames.Length)
        {
            throw new ArgumentException($"The trees use {scorer.FeatureCount} features and have {gains.Length} gains, for {featureNames.Length} names.");
        }

        _featureNames = featureNames;
        Options = options;
        _scorer = scorer;
        _gains = gains;
        _shap = leafCovers is null ? null : new TreeShap(scorer, leafCovers);
    }

    /// <summary>The features the model was trained on, in its own column order.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>The options the model was trained with.</summary>
    public RankerModelOptions Options { get; }

    /// <summary>Number of trees.</summary>
    public int Trees => _scorer.Trees;

    internal TreeEnsembleScorer Scorer => _scorer;

    /// <summary>
    /// Trains LightGBM on <paramref name="table"/>: every row is a candidate of the user <see cref="FeatureTable.Group(int)"/>,
    /// labelled 1 (listened) or 0. The same table and options give the same model, byte for byte once saved.
    /// </summary>
    /// <exception cref="EncoreException">An option is out of range, the table is empty, or a label is not valid for the objective.</exception>
    /// <remarks>
    /// Multi-threaded LightGBM is run with its <c>deterministic</c> switch and column-wise histograms, which make the
    /// model independent of timing; the tests pin byte-identical models with one thread.
    /// </remarks>
    public static RankerModel Train(FeatureTable table, RankerModelOptions options, CancellationToken cancellationToken = default) =>
        LightGbmTraining.Fit(table, options, cancellationToken).Model;

    /// <summary>Scores every row of <paramref name="table"/>, reading the model's features from the columns of the same name.</summary>
    /// <param name="table">Rows to score; it may hold more columns than the model uses, in any order.</param>
    /// <param name="scores">One score per row (<c>table.Rows</c> long); higher means more likely listened.</param>
    /// <exception cref="EncoreException">The table lacks one of the model's features.</exception>
    public void Score(FeatureTable table, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (scores.Length != table.Rows)
        {
            throw new ArgumentException($"{scores.Length} scores for {table.Rows} rows.", nameof(scores));
        }

        ScorerFor(table).Score(table.Values, table.Columns, scores);
    }

    /// <summary>
    /// As <see cref="Score"/> for lists of the best <paramref name="k"/> of each group of rows (a user's candidates):
    /// every row through the first <paramref name="firstStage"/> trees, then only the group's best
    /// <paramref name="shortlist"/> by that partial score through the rest (<see cref="StagedScoring.ScoreGroups"/>).
    /// The rows that go to the end, at least k per group, get <see cref="Score"/>'s scores bit for bit, the others −∞;
    /// with <paramref name="shortlist"/> 0 every row of every group gets its full score.
    /// </summary>
    /// <returns>Tree walks done (rows × trees).</returns>
    internal long ScoreShortlisted(
        FeatureTable table, ReadOnlySpan<int> firstRows, ReadOnlySpan<int> counts, int k, int shortlist, int firstStage, Span<float> scores,
        int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (scores.Length != table.Rows)
        {
            throw new ArgumentException($"{scores.Length} scores for {table.Rows} rows.", nameof(scores));
        }

        return StagedScoring.ScoreGroups(ScorerFor(table), table.Values, table.Columns, firstRows, counts, k, shortlist, firstStage, scores, threads);
    }

    /// <summary>The trees reading the model's features from <paramref name="table"/>'s columns of the same names.</summary>
    private TreeEnsembleScorer ScorerFor(FeatureTable table) => SameColumns(table) ? _scorer : _scorer.WithColumns(ColumnsIn(table));

    /// <summary>The total split gain of each feature, largest first (ties by name); unused features have gain 0.</summary>
    public IReadOnlyList<FeatureImportance> Importance() =>
        [.. _featureNames.Select((name, i) => new FeatureImportance(name, _gains[i]))
            .OrderByDescending(f => f.Gain)
            .ThenBy(f => f.Feature, StringComparer.Ordinal)];

    private bool SameColumns(FeatureTable table)
    {
        if (table.Columns != _featureNames.Length)
        {
            return false;
        }

        for (var i = 0; i < _featureNames.Length; i++)
        {
            if (!string.Equals(table.Names[i], _featureNames[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private int[] ColumnsIn(FeatureTable table)
    {
        var columnOf = new int[_featureNames.Length];
        var missing = new List<string>();
        for (var i = 0; i < columnOf.Length; i++)
        {
            columnOf[i] = IndexOf(table.Names, _featureNames[i]);
            if (columnOf[i] < 0)
            {
                missing.Add(_featureNames[i]);
            }
        }

        if (missing.Count > 0)
        {
            throw new EncoreException(
                $"The feature table lacks the ranker's feature{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}; " +
                $"the model was trained on: {string.Join(", ", _featureNames)}.");
        }

        return columnOf;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
