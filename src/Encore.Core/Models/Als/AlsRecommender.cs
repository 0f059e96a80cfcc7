using System.Diagnostics;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Randomness;

namespace Encore.Core.Models.Als;

/// <summary>
/// Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren &amp; Volinsky 2008), with
/// implicit 0.7's conjugate-gradient solver, initialisation and loss. Works on internal ids (see <see cref="IdMap"/>).
/// </summary>
public sealed partial class AlsRecommender
{
    // Flows with the caller's async context, so tests running side by side each count only their own fits.
    private static readonly AsyncLocal<Action?> s_fits = new();

    private FactorMatrix? _users;
    private FactorMatrix? _items;
    private SparseMatrix? _userItems;
    private float[]? _itemGram;
    private float[]? _itemNorms;
    private TileScorer? _scorer;
    private NormPrunedScorer? _pruned;

    public AlsRecommender(AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    public AlsOptions Options { get; }

    public bool IsFitted => _users is not null;

    /// <summary>Users×factors; row u is user u's vector.</summary>
    public FactorMatrix UserFactors => _users ?? throw NotFitted();

    /// <summary>Items×factors.</summary>
    public FactorMatrix ItemFactors => _items ?? throw NotFitted();

    /// <summary>The matrix the model was fitted on (used to filter already-heard items).</summary>
    public SparseMatrix UserItems => _userItems ?? throw NotFitted();

    /// <summary>Kernel width; settable so tests can compare widths, otherwise the widest this machine runs.</summary>
    internal SimdWidth Width { get; set; } = Simd.Best;

    /// <summary>
    /// Fits the factors to <paramref name="userItems"/> (users×items, positive values): factors start uniform in
    /// [0, 0.01) from the random seed (users, then items, as implicit), then each iteration solves all users against the
    /// items and all items against the users.
    /// </summary>
    /// <param name="userItems">Values are the observations r; confidence is derived per <see cref="AlsOptions.Confidence"/>.</param>
    /// <param name="progress">One report per iteration.</param>
    /// <param name="onIteration">Timings (and loss when asked for) of each iteration.</param>
    /// <param name="cancellationToken">Checked between iterations and row ranges.</param>
    /// <exception cref="EncoreException">A value is not positive.</exception>
    public void Fit(
        SparseMatrix userItems,
        IProgress<ProgressUpdate>? progress = null,
        Action<AlsIteration>? onIteration = null,
        CancellationToken cancellationToken = default) =>
        Fit(userItems, warmStart: null, progress, onIteration, cancellationToken);

    /// <summary>
    /// As <see cref="Fit(SparseMatrix, IProgress{ProgressUpdate}?, Action{AlsIteration}?, CancellationToken)"/>, but
    /// from <paramref name="warmStart"/>'s factors (and for its iteration count) when given.
    /// </summary>
    public void Fit(
        SparseMatrix userItems,
        AlsWarmStart? warmStart,
        IProgress<ProgressUpdate>? progress = null,
        Action<AlsIteration>? onIteration = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        var options = Options;
        var iterations = warmStart?.Iterations ?? options.Iterations;
        if (warmStart is not null && iterations < 1)
        {
            throw new EncoreException($"A warm-started ALS fit needs at least one iteration, got {iterations}.");
        }

        Fits?.Invoke();
        var f = FactorPadding.Columns(options.Factors, options.Solver, Width);
        var threads = options.EffectiveThreads;
        var width = Width;

        var confidence = new float[userItems.Nnz];
        var values = userItems.Values;
        for (var k = 0; k < confidence.Length; k++)
        {
            if (!(values[k] > 0))
            {
                throw new EncoreException($"ALS needs positive values; the interaction matrix holds {values[k]} at position {k}.");
            }

            confidence[k] = options.ConfidenceOf(values[k]);
        }

        var cui = userItems.WithValues(confidence);
        var ciu = cui.Transpose();
        var users = new FactorMatrix(userItems.Rows, f);
        var items = new FactorMatrix(userItems.Columns, f);
        var random = new SplitMix64((ulong)(uint)options.Seed);
        Initialise(users, options.Factors, ref random);
        Initialise(items, options.Factors, ref random);
        // Unmatched rows keep the draws a cold fit would give them, whatever the warm start holds.
        warmStart?.Apply(users, items, options.Factors);

        var gram = new float[f * f];
        var clock = new Stopwatch();
        progress?.Report(new ProgressUpdate("ALS fit", 0, iterations, "iterations"));
        for (var iteration = 1; iteration <= iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Restart();
            AlsSolver.GramPlusRegularization(items, options.Regularization, gram, threads, width);
            var itemGramDone = clock.Elapsed.TotalSeconds;
            AlsSolver.SolveRows(cui, users, items, gram, options, threads, width, cancellationToken);
            var usersDone = clock.Elapsed.TotalSeconds;
            AlsSolver.GramPlusRegularization(users, options.Regularization, gram, threads, width);
            var userGramDone = clock.Elapsed.TotalSeconds;
            AlsSolver.SolveRows(ciu, items, users, gram, options, threads, width, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;

            var loss = options.CalculateLoss
                ? AlsLoss.Compute(cui, users, items, options.Regularization, threads, width)
                : double.NaN;
            onIteration?.Invoke(new AlsIteration(
                iteration,
                seconds,
                GramSeconds: itemGramDone + (userGramDone - usersDone),
                UserSeconds: usersDone - itemGramDone,
                ItemSeconds: seconds - userGramDone,
                loss));
            progress?.Report(new ProgressUpdate("ALS fit", iteration, iterations, "iterations"));
        }

        SetModel(FactorPadding.Trim(users, options.Factors), FactorPadding.Trim(items, options.Factors), userItems);
    }

    /// <summary>Called at the start of every fit in this async context: lets tests count fits without timing them.</summary>
    internal static Action? Fits
    {
        get => s_fits.Value;
        set => s_fits.Value = value;
    }

    /// <summary>implicit's training loss of the current factors on <see cref="UserItems"/>.</summary>
    public double Loss()
    {
        var userItems = UserItems;
        var confidence = new float[userItems.Nnz];
        for (var k = 0; k < confidence.Length; k++)
        {
            confidence[k] = Options.ConfidenceOf(userItems.Values[k]);
        }

        return AlsLoss.Compute(userItems.WithValues(confidence), UserFactors, ItemFactors, Options.Regularization, Options.EffectiveThreads, Width);
    }

    /// <summary>A model over given factors and training matrix, without fitting (tests and benchmarks).</summary>
    internal static AlsRecommender FromFactors(AlsOptions options, FactorMatrix users, FactorMatrix items, SparseMatrix userItems)
    {
        var model = new AlsRecommender(options);
        model.SetModel(users, items, userItems);
        return model;
    }

    private void SetModel(FactorMatrix users, FactorMatrix items, SparseMatrix userItems)
    {
        _users = users;
        _items = items;
        _userItems = userItems;
        _itemGram = null;
        _itemNorms = null;
        _scorer = null;
        _pruned = null;
    }

    // Only the first f columns of each row draw from the generator, so padded and unpadded fits start alike.
    private static void Initialise(FactorMatrix matrix, int f, ref SplitMix64 random)
    {
        for (var r = 0; r < matrix.Rows; r++)
        {
            var row = matrix.Row(r)[..f];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = random.NextSingle() * 0.01f;
            }
        }
    }

    private static InvalidOperationException NotFitted() => new("The ALS model is not fitted; call Fit or Load first.");
}
