using System.Numerics.Tensors;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Randomness;

namespace Encore.Core.Tests.Models.Als;

public sealed class AlsFoldInTests
{
    // 16 users × 16 items, values 1–3, so confidences (α = 5) differ from 1 and from each other.
    private static readonly SparseMatrix Board = AlsFixtures.CheckerboardWithDiagonalWithheld(16);

    private const float Tight = 1e-5f;

    private static AlsRecommender Fitted(AlsSolverKind solver, AlsConfidence confidence = AlsConfidence.AlphaTimesValue)
    {
        var model = new AlsRecommender(AlsFixtures.Small(solver) with { Confidence = confidence, Iterations = 10 });
        model.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        return model;
    }

    /// <summary>
    /// The textbook minimiser of Σᵢ cᵢ(pᵢ − xᵀyᵢ)² + λ‖x‖² over every item (cᵢ = 1, pᵢ = 0 where unobserved), in
    /// double by Gaussian elimination: nothing shared with the code under test.
    /// </summary>
    internal static double[] ClosedForm(AlsRecommender model, Dictionary<int, float> values)
    {
        var items = model.ItemFactors;
        var f = items.Columns;
        var a = new double[f, f + 1];
        for (var j = 0; j < f; j++)
        {
            a[j, j] = model.Options.Regularization;
        }

        for (var i = 0; i < items.Rows; i++)
        {
            var y = items.Row(i);
            var observed = values.TryGetValue(i, out var r);
            double c = observed ? model.Options.ConfidenceOf(r) : 1;
            for (var j = 0; j < f; j++)
            {
                for (var l = 0; l < f; l++)
                {
                    a[j, l] += c * y[j] * y[l];
                }

                a[j, f] += observed ? c * y[j] : 0;
            }
        }

        for (var j = 0; j < f; j++)
        {
            for (var r = j + 1; r < f; r++)
            {
                var factor = a[r, j] / a[j, j];
                for (var l = j; l <= f; l++)
                {
                    a[r, l] -= factor * a[j, l];
                }
            }
        }

        var x = new double[f];
        for (var j = f - 1; j >= 0; j--)
        {
            var sum = a[j, f];
            for (var l = j + 1; l < f; l++)
            {
                sum -= a[j, l] * x[l];
            }

            x[j] = sum / a[j, j];
        }

        return x;
    }

    private static Dictionary<int, float> TrainRow(int user)
    {
        var row = new Dictionary<int, float>();
        for (var k = 0; k < Board.RowIndices(user).Length; k++)
        {
            row[Board.RowIndices(user)[k]] = Board.RowValues(user)[k];
        }

        return row;
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, float relative, string what)
    {
        var e = expected.ToArray().Select(v => (float)v).ToArray();
        var distance = TensorPrimitives.Distance(e, actual);
        Assert.True(distance <= relative * Math.Max(1e-3f, TensorPrimitives.Norm(e)), $"{what}: distance {distance}, norm {TensorPrimitives.Norm(e)}");
    }

    private static float[] Vector(AlsFoldIn foldIn, int user, params int[] events)
    {
        var x = new float[foldIn.Model.Options.Factors];
        foldIn.Vector(user, events, x, foldIn.CreateScratch());
        return x;
    }

    [Theory]
    [InlineData(AlsConfidence.AlphaTimesValue)]
    [InlineData(AlsConfidence.OnePlusAlphaTimesValue)]
    public void FoldInOfATrainingRowIsTheClosedFormAlsUserStepOnTheSameItemFactors(AlsConfidence confidence)
    {
        var model = Fitted(AlsSolverKind.Cholesky, confidence);
        var foldIn = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.PlayCount, EventWeight = 1 });

        for (var u = 0; u < Board.Rows; u++)
        {
            AssertClose(ClosedForm(model, TrainRow(u)), Vector(foldIn, u), Tight, $"user {u}");
        }
    }

    [Theory]
    [InlineData(AlsSolverKind.Cholesky, AlsFoldInSolver.Exact)]
    [InlineData(AlsSolverKind.ConjugateGradient, AlsFoldInSolver.ConjugateGradient)]
    public void FoldInWithoutEventsIsTheTrainedVectorAfterOneMoreUserStep(AlsSolverKind training, AlsFoldInSolver solver)
    {
        var model = Fitted(training);
        var options = model.Options;
        var f = options.Factors;
        var confidence = Board.Values.ToArray().Select(options.ConfidenceOf).ToArray();
        var gram = new float[f * f];
        AlsSolver.GramPlusRegularization(model.ItemFactors, options.Regularization, gram, options.EffectiveThreads, model.Width);
        var stepped = new FactorMatrix(Board.Rows, f);
        stepped.CopyFrom(model.UserFactors);
        AlsSolver.SolveRows(
            Board.WithValues(confidence), stepped, model.ItemFactors, gram, options, options.EffectiveThreads, model.Width,
            TestContext.Current.CancellationToken);
        var foldIn = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.PlayCount, Solver = solver, CgSteps = options.CgSteps });

        for (var u = 0; u < Board.Rows; u++)
        {
            var expected = stepped.Row(u).ToArray().Select(v => (double)v).ToArray();
            AssertClose(expected, Vector(foldIn, u), Tight, $"user {u}");
        }
    }

    // The request path's rank-1 updates run in vector lanes; each element must still get the scalar loop's bits.
    [Theory]
    [InlineData(8)]
    [InlineData(13)]
    public void TheExactFoldInIsTheTrainingSolversCholeskyStepBitForBit(int factors)
    {
        var model = new AlsRecommender(AlsFixtures.Small(AlsSolverKind.Cholesky) with
        {
            Confidence = AlsConfidence.OnePlusAlphaTimesValue, Factors = factors, Iterations = 4,
        });
        model.Fit(Board, cancellationToken: TestContext.Current.CancellationToken);
        var options = model.Options;
        var gram = new float[factors * factors];
        AlsSolver.GramPlusRegularization(model.ItemFactors, options.Regularization, gram, options.EffectiveThreads, model.Width);
        var foldIn = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.PlayCount, Solver = AlsFoldInSolver.Exact });

        for (var u = 0; u < Board.Rows; u++)
        {
            var confidence = Board.RowValues(u).ToArray().Select(options.ConfidenceOf).ToArray();
            var expected = new float[factors];
            AlsSolver.SolveCholesky(
                gram, model.ItemFactors.Data, factors, Board.RowIndices(u), confidence, expected, new double[(factors * factors) + factors], u);

            Assert.Equal(expected, Vector(foldIn, u));
        }
    }

    /// <summary>With <see cref="AlsFoldInOptions.EventWeight"/> 1 an event counts exactly as a train play.</summary>
    [Fact]
    public void AnEventAddsOnePlayToItsItemAsTheClosedFormSays()
    {
        var model = Fitted(AlsSolverKind.Cholesky);
        var foldIn = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.PlayCount, EventWeight = 1 });
        const int User = 2;
        var heard = Board.RowIndices(User)[1];
        var fresh = 3; // (2 + 3) is odd: never in user 2's train row.
        Assert.False(Board.RowIndices(User).Contains(fresh));

        var row = TrainRow(User);
        row[heard] += 2;
        row[fresh] = 1;
        var folded = Vector(foldIn, User, heard, fresh, heard);

        AssertClose(ClosedForm(model, row), folded, Tight, "two plays of a heard item and one of a new one");
        Assert.NotEqual(Vector(foldIn, User), folded);
    }

    [Fact]
    public void WithBinaryValuesAnEventOfAHeardItemChangesNothingAndANewItemCountsOne()
    {
        var model = Fitted(AlsSolverKind.Cholesky);
        var binary = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.Binary, EventWeight = 1 });
        const int User = 2;
        var heard = Board.RowIndices(User)[0];
        var row = TrainRow(User);
        row[3] = 1;

        Assert.Equal(Vector(binary, User), Vector(binary, User, heard, heard));
        AssertClose(ClosedForm(model, row), Vector(binary, User, 3, 3), Tight, "a new item heard twice");

        var weighted = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.Binary, EventWeight = 4 });
        row[3] = 4;
        row[heard] = Math.Max(row[heard], 4);
        AssertClose(ClosedForm(model, row), Vector(weighted, User, 3, heard), Tight, "event weight 4");
    }

    [Fact]
    public void WithoutTheTrainHistoryTheEventsAloneAreFoldedIn()
    {
        var model = Fitted(AlsSolverKind.Cholesky);
        var foldIn = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.PlayCount, EventWeight = 1, TrainHistory = false });

        AssertClose(ClosedForm(model, new Dictionary<int, float> { [3] = 1, [5] = 2 }), Vector(foldIn, 2, 5, 3, 5), Tight, "events only");
    }

    [Fact]
    public void AnUnknownListenerWithEventsGetsTheirFoldedInListWithoutTheEvents()
    {
        var model = Fitted(AlsSolverKind.Cholesky);
        var foldIn = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.PlayCount, EventWeight = 1 });
        var scratch = foldIn.CreateScratch();
        int[] events = [4, 9, 4];
        var items = new int[5];
        var scores = new float[5];

        var count = foldIn.Recommend(-1, events, items, scores, scratch);

        Assert.Equal(5, count);
        Assert.DoesNotContain(4, items);
        Assert.DoesNotContain(9, items);
        AssertClose(ClosedForm(model, new Dictionary<int, float> { [4] = 2, [9] = 1 }), Vector(foldIn, -1, events), Tight, "events alone");
        Assert.Equal(0, foldIn.Recommend(-1, [], items, scores, scratch));
    }

    [Fact]
    public void TheListIsTheBruteForceTopKOfTheFoldedVectorWithTrainItemsAndEventsLeftOut()
    {
        var model = Fitted(AlsSolverKind.ConjugateGradient);
        var foldIn = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.PlayCount, EventWeight = 1 });
        var scratch = foldIn.CreateScratch();
        var random = new SplitMix64(3);
        for (var round = 0; round < 40; round++)
        {
            var user = (int)random.NextBelow((ulong)Board.Rows + 1) - 1;
            var events = new int[(int)random.NextBelow(6)];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = (int)random.NextBelow((ulong)Board.Columns);
            }

            var k = 1 + (int)random.NextBelow(12);
            var items = new int[k];
            var scores = new float[k];
            var count = foldIn.Recommend(user, events, items, scores, scratch);

            var x = Vector(foldIn, user, events);
            var heard = (user >= 0 ? Board.RowIndices(user).ToArray() : []).Concat(events).Distinct().Order().ToArray();
            var all = new float[Board.Columns];
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = TensorPrimitives.Dot(model.ItemFactors.Row(i), x);
            }

            var expectedItems = new int[k];
            var expectedScores = new float[k];
            var expected = user < 0 && events.Length == 0 ? 0 : TopK.Select(all, heard, expectedItems, expectedScores);
            Assert.Equal(expected, count);
            Assert.Equal(expectedItems[..expected], items[..count]);
            Assert.Empty(items[..count].Intersect(heard));
        }
    }

    [Fact]
    public void FoldInIsDeterministicWhateverTheEventOrderAndTheScratchsPast()
    {
        var model = Fitted(AlsSolverKind.ConjugateGradient);
        var foldIn = new AlsFoldIn(model, new AlsFoldInOptions { Values = InteractionValues.PlayCount, EventWeight = 2 });
        var used = foldIn.CreateScratch();
        var x = new float[model.Options.Factors];
        foldIn.Vector(7, [1, 2, 3, 5, 7, 9, 11, 13, 15], x, used);

        var first = Vector(foldIn, 4, 3, 8, 3, 1);
        foldIn.Vector(4, [1, 3, 8, 3], x, used);

        Assert.Equal(first, Vector(foldIn, 4, 3, 8, 3, 1));
        Assert.Equal(first, x);
    }
}
