using System.Diagnostics;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Protocols;
using Encore.Core.Models;
using Encore.Core.Models.Als;
using Encore.Core.Models.TopPopular;

namespace Encore.Core.Benchmarks.Quality;

/// <summary>
/// Offline accuracy of top-popular and ALS on one interaction matrix: a <see cref="RandomHoldout"/> split, then
/// precision, recall and NDCG at k over every user with test items (standard definitions, docs/metrics.md),
/// with train items filtered from every list.
/// </summary>
public sealed class QualityBenchmark
{
    private readonly StandardProtocol _protocol;
    private readonly int[] _testUsers;

    /// <param name="interactions">Users×items; values are play counts (or 1 per pair).</param>
    /// <param name="testFraction">Share of each user's items held out.</param>
    /// <param name="seed">Random seed of the split.</param>
    /// <param name="k">The cut-off of every metric.</param>
    /// <exception cref="EncoreException">A parameter is out of range or the matrix has no user to test.</exception>
    public QualityBenchmark(SparseMatrix interactions, double testFraction, ulong seed, int k)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (k < 1)
        {
            throw new EncoreException($"--k must be at least 1, got {k}.");
        }

        Split = RandomHoldout.Split(interactions, testFraction, seed);
        K = k;
        var test = ToUserItems(Split.Test);
        if (test.UserCount == 0)
        {
            throw new EncoreException(
                $"No user has {RandomHoldout.DefaultMinInteractions} or more interactions, so nobody can be tested.");
        }

        _testUsers = test.Users.ToArray();
        _protocol = new StandardProtocol(new EvaluationData(ToUserItems(Split.Train), test, Math.Max(1, interactions.Columns)), [k]);
    }

    public HoldoutSplit Split { get; }

    public int K { get; }

    /// <summary>Users with at least one test item: the evaluated users.</summary>
    public int TestUsers => _testUsers.Length;

    /// <summary>Top-popular by train plays, heard items skipped.</summary>
    public QualityScores TopPopular(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var chart = new TopPopularRecommender(Math.Max(1, Split.Train.Columns));
        chart.Fit(Split.Train);
        var offsets = new int[_testUsers.Length + 1];
        var items = new int[_testUsers.Length * K];
        for (var u = 0; u < _testUsers.Length; u++)
        {
            var count = Unheard.First(chart.Items, Split.Train.RowIndices(_testUsers[u]), items.AsSpan(offsets[u], K));
            offsets[u + 1] = offsets[u] + count;
        }

        return Score("top_popular", Compact(offsets, items), clock, cancellationToken);
    }

    /// <summary>Fits ALS on the train part (values per <paramref name="config"/>) and scores its top-k lists.</summary>
    public QualityScores Als(AlsQualityConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var clock = Stopwatch.StartNew();
        var matrix = config.Values switch
        {
            InteractionValues.Binary => Split.Train.WithValues(Ones(Split.Train.Nnz)),
            InteractionValues.Bm25 => Bm25.Weight(Split.Train.Transpose()).Transpose(),
            _ => Split.Train,
        };
        var model = new AlsRecommender(config.Als);
        model.Fit(matrix, cancellationToken: cancellationToken);
        var batch = model.Recommend(_testUsers, K, filterAlreadyHeard: true);
        var offsets = new int[_testUsers.Length + 1];
        var items = new int[_testUsers.Length * K];
        for (var u = 0; u < _testUsers.Length; u++)
        {
            var row = batch.Items(u);
            row.CopyTo(items.AsSpan(offsets[u]));
            offsets[u + 1] = offsets[u] + row.Length;
        }

        return Score("als", Compact(offsets, items), clock, cancellationToken);
    }

    private QualityScores Score(string model, UserLists lists, Stopwatch clock, CancellationToken cancellationToken)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        var scores = _protocol.Evaluate(model, lists, cancellationToken);
        return new QualityScores(scores[$"precision@{K}"], scores[$"recall@{K}"], scores[$"ndcg@{K}"], seconds);
    }

    private UserLists Compact(int[] offsets, int[] items) =>
        UserLists.FromCsr(_testUsers, offsets, items[..offsets[^1]], ListKind.Ranked);

    private static float[] Ones(int n)
    {
        var ones = new float[n];
        Array.Fill(ones, 1f);
        return ones;
    }

    /// <summary>The rows of <paramref name="matrix"/> that hold cells, as item sets keyed by row number.</summary>
    internal static UserLists ToUserItems(SparseMatrix matrix)
    {
        var users = new List<int>();
        var offsets = new List<int> { 0 };
        for (var r = 0; r < matrix.Rows; r++)
        {
            if (matrix.RowLength(r) > 0)
            {
                users.Add(r);
                offsets.Add(matrix.IndPtr[r + 1]);
            }
        }

        return UserLists.FromCsr([.. users], [.. offsets], matrix.Indices.ToArray(), ListKind.Set);
    }
}
