namespace Encore.Core.Linalg;

/// <summary>
/// The top-k kernels' output for many query rows (users, or items for similar items) in two flat arrays of fixed
/// stride k (row i at [i·k, i·k + Count(i))), so each row is written in parallel into its own slot and a batch of a
/// million rows is three allocations, not a million.
/// </summary>
public sealed class TopKBatch
{
    private readonly int[] _items;
    private readonly float[] _scores;
    private readonly int[] _counts;

    internal TopKBatch(int rows, int k)
    {
        Rows = rows;
        K = k;
        _items = new int[checked(rows * k)];
        _scores = new float[rows * k];
        _counts = new int[rows];
    }

    public int Rows { get; }

    public int K { get; }

    /// <summary>Number of items in row <paramref name="row"/> (k unless fewer candidates remained).</summary>
    public int Count(int row) => _counts[row];

    /// <summary>Item ids of row <paramref name="row"/>, best first.</summary>
    public ReadOnlySpan<int> Items(int row) => _items.AsSpan(row * K, _counts[row]);

    /// <summary>Scores aligned with <see cref="Items"/>.</summary>
    public ReadOnlySpan<float> Scores(int row) => _scores.AsSpan(row * K, _counts[row]);

    internal Span<int> ItemSlot(int row) => _items.AsSpan(row * K, K);

    internal Span<float> ScoreSlot(int row) => _scores.AsSpan(row * K, K);

    internal void SetCount(int row, int count) => _counts[row] = count;
}
