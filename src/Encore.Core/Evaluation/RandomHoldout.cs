using Encore.Core.Data.Interactions;
using Encore.Core.Randomness;

namespace Encore.Core.Evaluation;

/// <summary>A user×item matrix cut in two with the same shape: no cell is in both.</summary>
public sealed record HoldoutSplit(SparseMatrix Train, SparseMatrix Test);

/// <summary>
/// The per-user random split of data without usable time (Last.fm hetrec, any imported log without a time
/// column): each user's distinct items are shuffled and a fraction goes to test.
/// </summary>
/// <remarks>
/// A user with n ≥ <c>minInteractions</c> cells gets round(n·fraction) of them in test, at least 1 and at most
/// n − 1, so every test user keeps a train history; smaller users stay wholly in train (too little to judge).
/// Each user draws from its own SplitMix64 stream seeded by (seed, row), so the split depends only on the random seed
/// and that user's row, never on the other users or on threads.
/// </remarks>
public static class RandomHoldout
{
    public const int DefaultMinInteractions = 5;

    /// <exception cref="EncoreException">The fraction is not in (0, 1) or the minimum is below 2.</exception>
    public static HoldoutSplit Split(SparseMatrix interactions, double testFraction, ulong seed, int minInteractions = DefaultMinInteractions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new EncoreException($"--test-fraction must be between 0 and 1 (exclusive), got {testFraction}.");
        }

        if (minInteractions < 2)
        {
            throw new EncoreException($"The minimum interactions of a test user must be at least 2, got {minInteractions}.");
        }

        var rows = interactions.Rows;
        var testCounts = new int[rows];
        var maxLength = 0;
        var testTotal = 0;
        for (var r = 0; r < rows; r++)
        {
            var n = interactions.RowLength(r);
            maxLength = Math.Max(maxLength, n);
            testCounts[r] = TestCount(n, testFraction, minInteractions);
            testTotal += testCounts[r];
        }

        var trainPtr = new int[rows + 1];
        var testPtr = new int[rows + 1];
        var trainIndices = new int[interactions.Nnz - testTotal];
        var trainValues = new float[trainIndices.Length];
        var testIndices = new int[testTotal];
        var testValues = new float[testTotal];
        var positions = new int[maxLength];
        var inTest = new bool[maxLength];
        int tr = 0, te = 0;
        for (var r = 0; r < rows; r++)
        {
            var indices = interactions.RowIndices(r);
            var values = interactions.RowValues(r);
            var n = indices.Length;
            MarkTest(r, n, testCounts[r], seed, positions.AsSpan(0, n), inTest.AsSpan(0, n));
            for (var p = 0; p < n; p++)
            {
                if (inTest[p])
                {
                    testIndices[te] = indices[p];
                    testValues[te++] = values[p];
                }
                else
                {
                    trainIndices[tr] = indices[p];
                    trainValues[tr++] = values[p];
                }
            }

            trainPtr[r + 1] = tr;
            testPtr[r + 1] = te;
        }

        return new HoldoutSplit(
            SparseMatrix.FromCsr(rows, interactions.Columns, trainPtr, trainIndices, trainValues),
            SparseMatrix.FromCsr(rows, interactions.Columns, testPtr, testIndices, testValues));
    }

    /// <summary>How many of a user's <paramref name="n"/> cells go to test.</summary>
    public static int TestCount(int n, double testFraction, int minInteractions = DefaultMinInteractions) =>
        n < minInteractions ? 0 : Math.Clamp((int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero), 1, n - 1);

    /// <summary>Sets <paramref name="inTest"/> for <paramref name="count"/> positions drawn by a partial Fisher–Yates shuffle.</summary>
    private static void MarkTest(int row, int n, int count, ulong seed, Span<int> positions, Span<bool> inTest)
    {
        inTest.Clear();
        if (count == 0)
        {
            return;
        }

        for (var p = 0; p < n; p++)
        {
            positions[p] = p;
        }

        // One SplitMix64 step of (seed, row) decorrelates neighbouring rows' streams.
        var random = new SplitMix64(new SplitMix64(seed ^ ((ulong)(uint)row * 0xD1B54A32D192ED03UL)).NextUInt64());
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)random.NextBelow((ulong)(n - i));
            (positions[i], positions[j]) = (positions[j], positions[i]);
            inTest[positions[i]] = true;
        }
    }
}
