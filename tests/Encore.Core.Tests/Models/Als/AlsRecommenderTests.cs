using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;

namespace Encore.Core.Tests.Models.Als;

public sealed class AlsRecommenderTests
{
    private static readonly SparseMatrix Board = AlsFixtures.CheckerboardWithDiagonalWithheld(24);

    [Fact]
    public void RecommendsEachUsersWithheldItemFirst()
    {
        var model = new AlsRecommender(AlsFixtures.Small());
        model.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        var items = new int[3];
        var scores = new float[3];
        for (var u = 0; u < Board.Rows; u++)
        {
            Assert.Equal(3, model.Recommend(u, items, scores));
            Assert.Equal(u, items[0]);
        }
    }

    [Fact]
    public void FilteringRemovesHeardItemsAndNoFilteringKeepsThem()
    {
        var model = new AlsRecommender(AlsFixtures.Small());
        model.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        var items = new int[5];
        var scores = new float[5];
        model.Recommend(0, items, scores, filterAlreadyHeard: true);
        foreach (var item in items)
        {
            Assert.Equal(0f, Board.Get(0, item));
        }

        model.Recommend(0, items, scores, filterAlreadyHeard: false);
        Assert.Contains(items, item => Board.Get(0, item) > 0);
    }

    [Fact]
    public void BatchRecommendationsEqualSingleUserOnes()
    {
        var model = new AlsRecommender(AlsFixtures.Small());
        model.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        var batch = model.RecommendAll(4, cancellationToken: TestContext.Current.CancellationToken);
        var items = new int[4];
        var scores = new float[4];
        for (var u = 0; u < Board.Rows; u++)
        {
            var n = model.Recommend(u, items, scores);
            Assert.Equal(items[..n], batch.Items(u).ToArray());
            Assert.Equal(scores[..n], batch.Scores(u).ToArray());
        }
    }

    [Fact]
    public void LossDecreasesOverIterations()
    {
        var losses = new List<double>();
        var model = new AlsRecommender(AlsFixtures.Small() with { CalculateLoss = true, Iterations = 6 });
        model.Fit(Board, onIteration: it => losses.Add(it.Loss), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(6, losses.Count);
        for (var i = 1; i < losses.Count; i++)
        {
            Assert.True(losses[i] <= losses[i - 1] * (1 + 1e-6), $"loss rose at iteration {i + 1}: {losses[i - 1]} → {losses[i]}");
        }

        Assert.True(losses[^1] < losses[0]);
    }

    [Fact]
    public void LossEqualsTheDefinitionSummedOverEveryCell()
    {
        var model = new AlsRecommender(AlsFixtures.Small() with { Iterations = 3 });
        model.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        var x = model.UserFactors;
        var y = model.ItemFactors;
        double sum = 0, confidenceSum = 0;
        for (var u = 0; u < Board.Rows; u++)
        {
            for (var i = 0; i < Board.Columns; i++)
            {
                var value = Board.Get(u, i);
                double c = value > 0 ? model.Options.ConfidenceOf(value) : 1;
                double p = value > 0 ? 1 : 0;
                var dot = System.Numerics.Tensors.TensorPrimitives.Dot(x.Row(u), y.Row(i));
                sum += c * (p - dot) * (p - dot);
                confidenceSum += c;
            }
        }

        var norms = System.Numerics.Tensors.TensorPrimitives.SumOfSquares(x.Data) + System.Numerics.Tensors.TensorPrimitives.SumOfSquares(y.Data);
        var expected = (sum + (model.Options.Regularization * norms)) / confidenceSum;
        Assert.Equal(expected, model.Loss(), 5);
    }

    [Fact]
    public void ConjugateGradientConvergesToTheCholeskySolution()
    {
        var exact = new AlsRecommender(AlsFixtures.Small(AlsSolverKind.Cholesky) with { Iterations = 4 });
        exact.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);

        // One user half-step from the exact item factors: many CG steps must reach the Cholesky answer.
        var f = exact.Options.Factors;
        var gram = new float[f * f];
        AlsSolver.GramPlusRegularization(exact.ItemFactors, exact.Options.Regularization, gram, 1, Simd.Best);
        var confidence = Board.WithValues(Board.Values.ToArray().Select(exact.Options.ConfidenceOf).ToArray());
        var scratch = new double[(f * f) + f];
        var cg = new float[f];
        var chol = new float[f];
        var r = new float[f];
        var p = new float[f];
        var ap = new float[f];
        for (var u = 0; u < Board.Rows; u++)
        {
            AlsSolver.SolveCholesky(gram, exact.ItemFactors.Data, f, confidence.RowIndices(u), confidence.RowValues(u), chol, scratch, u);
            cg.AsSpan().Clear();
            AlsSolver.SolveConjugateGradient(
                gram, exact.ItemFactors.Data, f, confidence.RowIndices(u), confidence.RowValues(u), cg, r, p, ap, 40, Simd.Best);
            for (var j = 0; j < f; j++)
            {
                Assert.Equal(chol[j], cg[j], 1e-3);
            }
        }
    }

    [Fact]
    public void ConjugateGradientWithManyStepsFitsLikeCholesky()
    {
        var matrix = SyntheticInteractions.Uniform(60, 40, 500, seed: 4);
        var cg = new AlsRecommender(AlsFixtures.Small() with { Iterations = 8, CgSteps = 24 });
        cg.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        var chol = new AlsRecommender(AlsFixtures.Small(AlsSolverKind.Cholesky) with { Iterations = 8 });
        chol.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(chol.Loss(), cg.Loss(), 0.001 * chol.Loss());
        var cgItems = cg.ItemFactors.Data.ToArray();
        var cholItems = chol.ItemFactors.Data.ToArray();
        for (var i = 0; i < cgItems.Length; i++)
        {
            Assert.Equal(cholItems[i], cgItems[i], 2e-3);
        }
    }

    [Fact]
    public void ThreeStepConjugateGradientGetsCloseToTheCholeskyLoss()
    {
        var matrix = SyntheticInteractions.Uniform(60, 40, 500, seed: 4);
        var cg = new AlsRecommender(AlsFixtures.Small() with { Iterations = 15 });
        cg.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        var chol = new AlsRecommender(AlsFixtures.Small(AlsSolverKind.Cholesky) with { Iterations = 15 });
        chol.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(chol.Loss(), cg.Loss(), 0.05 * chol.Loss());
    }

    [Fact]
    public void SameSeedGivesBitwiseIdenticalFactorsWithOneOrTwoThreads()
    {
        var matrix = SyntheticInteractions.Uniform(700, 300, 9000, seed: 3);
        var options = new AlsOptions { Factors = 16, Iterations = 3, Seed = 9 };
        var one = new AlsRecommender(options with { Threads = 1 });
        one.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        var two = new AlsRecommender(options with { Threads = 2 });
        two.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        var again = new AlsRecommender(options with { Threads = 2 });
        again.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(one.UserFactors.Data.SequenceEqual(two.UserFactors.Data));
        Assert.True(one.ItemFactors.Data.SequenceEqual(two.ItemFactors.Data));
        Assert.True(two.ItemFactors.Data.SequenceEqual(again.ItemFactors.Data));
        Assert.Equal(one.Loss(), two.Loss());
    }

    [Fact]
    public void DifferentSeedsGiveDifferentFactors()
    {
        var a = new AlsRecommender(AlsFixtures.Small() with { Iterations = 1 });
        a.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        var b = new AlsRecommender(AlsFixtures.Small() with { Iterations = 1, Seed = 43 });
        b.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(a.ItemFactors.Data.SequenceEqual(b.ItemFactors.Data));
    }

    [Fact]
    public void FoldInOfATrainingUsersItemsApproximatesThatUsersFactors()
    {
        var model = new AlsRecommender(AlsFixtures.Small(AlsSolverKind.Cholesky) with { Iterations = 30 });
        model.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        for (var u = 0; u < 4; u++)
        {
            var folded = model.FoldIn(Board.RowIndices(u), Board.RowValues(u));
            var stored = model.UserFactors.Row(u);
            var distance = System.Numerics.Tensors.TensorPrimitives.Distance(folded, stored);
            Assert.True(distance <= 0.05f * System.Numerics.Tensors.TensorPrimitives.Norm(stored), $"user {u}: distance {distance}");
        }
    }

    [Fact]
    public void UserWithoutItemsGetsZeroFactorsAndStillKRecommendations()
    {
        var matrix = SparseMatrix.FromTriplets(3, 10, [0, 0, 2, 2], [1, 2, 3, 4], [1f, 2f, 1f, 1f]);
        var model = new AlsRecommender(AlsFixtures.Small());
        model.Fit(matrix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.All(model.UserFactors.Row(1).ToArray(), v => Assert.Equal(0f, v));
        var items = new int[5];
        var scores = new float[5];
        Assert.Equal(5, model.Recommend(1, items, scores));
        Assert.Equal([0, 1, 2, 3, 4], items);
    }

    [Fact]
    public void SaveLoadRoundTripsFactorsOptionsAndRecommendations()
    {
        using var dir = new TempDirectory();
        var model = new AlsRecommender(AlsFixtures.Small());
        model.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        var path = dir.Combine("als.bin");
        model.Save(path);
        var loaded = AlsRecommender.Load(path);
        Assert.Equal(model.Options, loaded.Options);
        Assert.True(model.UserFactors.Data.SequenceEqual(loaded.UserFactors.Data));
        Assert.True(model.ItemFactors.Data.SequenceEqual(loaded.ItemFactors.Data));
        Assert.Equal(model.UserItems.Indices.ToArray(), loaded.UserItems.Indices.ToArray());
        var token = TestContext.Current.CancellationToken;
        Assert.Equal(model.RecommendAll(3, cancellationToken: token).Items(5).ToArray(), loaded.RecommendAll(3, cancellationToken: token).Items(5).ToArray());
    }

    [Fact]
    public void LoadRejectsAFileThatIsNotAModel()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("junk.bin");
        File.WriteAllText(path, "not a model at all");
        var e = Assert.Throws<EncoreException>(() => AlsRecommender.Load(path));
        Assert.Contains("junk.bin", e.Message);
    }

    [Fact]
    public void SimilarItemsRanksSameParityItemsFirstAndExcludesTheItem()
    {
        // The full checkerboard: items of one parity are listened to by exactly the same users.
        var users = new List<int>();
        var cells = new List<int>();
        for (var u = 0; u < 20; u++)
        {
            for (var j = u % 2; j < 20; j += 2)
            {
                users.Add(u);
                cells.Add(j);
            }
        }

        var model = new AlsRecommender(AlsFixtures.Small() with { Factors = 4 });
        model.Fit(SparseMatrix.FromTriplets(20, 20, users.ToArray(), cells.ToArray()), cancellationToken: TestContext.Current.CancellationToken);
        var items = new int[5];
        var scores = new float[5];
        Assert.Equal(5, model.SimilarItems(4, items, scores));
        Assert.DoesNotContain(4, items);
        Assert.All(items, i => Assert.Equal(0, i % 2));
        Assert.True(scores[0] <= 1.0001f);
    }

    [Theory]
    [InlineData("factors")]
    [InlineData("iterations")]
    [InlineData("regularization")]
    [InlineData("alpha")]
    [InlineData("cg-steps")]
    [InlineData("threads")]
    public void InvalidOptionsAreRejectedNamingTheParameter(string parameter)
    {
        var options = parameter switch
        {
            "factors" => new AlsOptions { Factors = 0 },
            "iterations" => new AlsOptions { Iterations = -1 },
            "regularization" => new AlsOptions { Regularization = float.NaN },
            "alpha" => new AlsOptions { Alpha = 0 },
            "cg-steps" => new AlsOptions { CgSteps = 0 },
            _ => new AlsOptions { Threads = -2 },
        };
        var e = Assert.Throws<EncoreException>(options.Validate);
        Assert.Contains($"'{parameter}'", e.Message);
    }

    [Fact]
    public void FitRejectsNonPositiveValues()
    {
        var matrix = SparseMatrix.FromTriplets(1, 2, [0], [1], [-1f]);
        var e = Assert.Throws<EncoreException>(() => new AlsRecommender(new AlsOptions()).Fit(matrix, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("positive", e.Message);
    }

    [Fact]
    public void RecommendAllOverSeveralChunksEqualsOneBatchAndReportsEveryUser()
    {
        var token = TestContext.Current.CancellationToken;
        var matrix = SyntheticInteractions.Uniform(20_000, 60, 100_000, 3);
        var model = new AlsRecommender(AlsFixtures.Small() with { Iterations = 2 });
        model.Fit(matrix, cancellationToken: token);
        var updates = new List<ProgressUpdate>();
        var progress = new SynchronousProgress(updates.Add);

        var all = model.RecommendAll(5, progress: progress, cancellationToken: token);
        var users = Enumerable.Range(0, matrix.Rows).ToArray();
        var batch = model.Recommend(users, 5);

        for (var u = 0; u < matrix.Rows; u++)
        {
            Assert.Equal(batch.Items(u).ToArray(), all.Items(u).ToArray());
            Assert.Equal(batch.Scores(u).ToArray(), all.Scores(u).ToArray());
        }

        Assert.True(updates.Count >= 2);
        Assert.Equal(new ProgressUpdate(AlsRecommender.RecommendAllStage, matrix.Rows, matrix.Rows, "users"), updates[^1]);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, on the caller's thread.</summary>
    private sealed class SynchronousProgress(Action<ProgressUpdate> report) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => report(value);
    }
}
