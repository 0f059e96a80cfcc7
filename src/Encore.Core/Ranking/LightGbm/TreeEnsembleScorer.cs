using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Encore.Core.Ranking.LightGbm;

/// <summary>
/// A tree ensemble in flat arrays, scoring many rows at once: the sum over trees of the leaf each row reaches,
/// accumulated in double in tree order and rounded to float once, as ML.NET's <c>TreeEnsembleModelParameters</c>
/// does, so the scores equal ML.NET's bit for bit.
/// </summary>
/// <remarks>
/// Every node of every tree sits in one array. A child or root reference r ≥ 0 is a node, r &lt; 0 the leaf ~r in
/// the leaf array (ML.NET's own encoding, shifted to global indices). A node is one 16-byte struct rather than four
/// parallel arrays because a traversal reads all four fields of the node it visits: one cache line instead of four.
/// Rows are scored in blocks whose features stay in L1 while every tree runs over them; blocks run in parallel.
/// </remarks>
internal sealed class TreeEnsembleScorer
{
    /// <summary>Rows per block: 256 rows × 30 features is 30 KB, about L1.</summary>
    internal const int BlockRows = 256;

    // Rows walked through a tree together: their node loads are independent, so the CPU overlaps their latencies.
    private const int Lanes = 4;

    private readonly Node[] _nodes;
    private readonly int[] _roots;
    private readonly double[] _leaves;

    public TreeEnsembleScorer(Node[] nodes, int[] roots, double[] leaves)
    {
        _nodes = nodes;
        _roots = roots;
        _leaves = leaves;
        // Children come after their parent (LightGBM numbers nodes in split order), which also rules out cycles, so
        // a traversal ends after at most Nodes steps even on a corrupt file, and every reference is in bounds.
        for (var i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            CheckChild(i, node.Left, nodes.Length, leaves.Length);
            CheckChild(i, node.Right, nodes.Length, leaves.Length);
            if (node.Feature < 0)
            {
                throw new ArgumentException($"Node {i} splits on feature {node.Feature}.", nameof(nodes));
            }
        }

        foreach (var root in roots)
        {
            CheckReference(root, nodes.Length, leaves.Length);
        }

        FeatureCount = nodes.Length == 0 ? 0 : nodes.Max(n => n.Feature) + 1;
    }

    /// <summary>One split: rows with <c>!(value &gt; Threshold)</c> (so NaN too) go <see cref="Left"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct Node(int Feature, float Threshold, int Left, int Right);

    public ReadOnlySpan<Node> Nodes => _nodes;

    public ReadOnlySpan<int> Roots => _roots;

    public ReadOnlySpan<double> Leaves => _leaves;

    public int Trees => _roots.Length;

    /// <summary>One more than the largest feature index a split uses.</summary>
    public int FeatureCount { get; }

    /// <summary>The same ensemble reading feature i from column <paramref name="columnOf"/>[i] of a wider row.</summary>
    public TreeEnsembleScorer WithColumns(ReadOnlySpan<int> columnOf)
    {
        var nodes = new Node[_nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = _nodes[i] with { Feature = columnOf[_nodes[i].Feature] };
        }

        return new TreeEnsembleScorer(nodes, _roots, _leaves);
    }

    /// <summary>Scores rows of <paramref name="columns"/> features each, stored row-major in <paramref name="values"/>.</summary>
    /// <param name="values">Row-major features, <c>scores.Length × columns</c>; NaN is a missing value.</param>
    /// <param name="columns">Features per row, more than any feature index a split uses.</param>
    /// <param name="scores">One score per row.</param>
    /// <param name="threads">The most blocks scored at once; 0 means one per processor.</param>
    public unsafe void Score(ReadOnlySpan<float> values, int columns, Span<float> scores, int threads = 0)
    {
        if (columns < FeatureCount)
        {
            throw new ArgumentException($"Rows have {columns} features, the trees split on feature {FeatureCount - 1}.", nameof(columns));
        }

        if (values.Length != (long)scores.Length * columns)
        {
            throw new ArgumentException($"{values.Length} values are not {scores.Length} rows of {columns}.", nameof(values));
        }

        var rows = scores.Length;
        var blocks = (rows + BlockRows - 1) / BlockRows;
        if (blocks <= 1 || threads == 1)
        {
            for (var b = 0; b < blocks; b++)
            {
                ScoreBlock(values, columns, scores, b);
            }

            return;
        }

        fixed (float* valuesPointer = values)
        fixed (float* scoresPointer = scores)
        {
            // Spans cannot enter a lambda; the addresses can, and the arrays stay pinned until Parallel.For returns.
            var valuesAddress = (nint)valuesPointer;
            var scoresAddress = (nint)scoresPointer;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
            Parallel.For(0, blocks, parallel, b => ScoreBlock(
                new ReadOnlySpan<float>((float*)valuesAddress, rows * columns), columns,
                new Span<float>((float*)scoresAddress, rows), b));
        }
    }

    private void ScoreBlock(ReadOnlySpan<float> values, int columns, Span<float> scores, int block)
    {
        var first = block * BlockRows;
        var count = Math.Min(BlockRows, scores.Length - first);
        var blockValues = values.Slice(first * columns, count * columns);
        Span<double> sums = stackalloc double[BlockRows];
        sums = sums[..count];
        sums.Clear();
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref var rowValues = ref MemoryMarshal.GetReference(blockValues);
        var full = count - (count % Lanes);
        foreach (var root in _roots)
        {
            var r = 0;
            for (; r < full; r += Lanes)
            {
                int n0 = root, n1 = root, n2 = root, n3 = root;
                ref var v0 = ref Unsafe.Add(ref rowValues, r * columns);
                ref var v1 = ref Unsafe.Add(ref v0, columns);
                ref var v2 = ref Unsafe.Add(ref v1, columns);
                ref var v3 = ref Unsafe.Add(ref v2, columns);
                while ((n0 | n1 | n2 | n3) >= 0)
                {
                    n0 = Step(ref nodes, n0, ref v0);
                    n1 = Step(ref nodes, n1, ref v1);
                    n2 = Step(ref nodes, n2, ref v2);
                    n3 = Step(ref nodes, n3, ref v3);
                }

                sums[r] += Unsafe.Add(ref leaves, ~n0);
                sums[r + 1] += Unsafe.Add(ref leaves, ~n1);
                sums[r + 2] += Unsafe.Add(ref leaves, ~n2);
                sums[r + 3] += Unsafe.Add(ref leaves, ~n3);
            }

            for (; r < count; r++)
            {
                var n = root;
                ref var v = ref Unsafe.Add(ref rowValues, r * columns);
                while (n >= 0)
                {
                    n = Step(ref nodes, n, ref v);
                }

                sums[r] += Unsafe.Add(ref leaves, ~n);
            }
        }

        var destination = scores.Slice(first, count);
        for (var r = 0; r < count; r++)
        {
            destination[r] = (float)sums[r];
        }
    }

    /// <summary>One step down from reference <paramref name="n"/>; a leaf (n &lt; 0) stays where it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref Node nodes, int n, ref float row)
    {
        if (n < 0)
        {
            return n;
        }

        ref var node = ref Unsafe.Add(ref nodes, n);
        return Unsafe.Add(ref row, node.Feature) > node.Threshold ? node.Right : node.Left;
    }

    private static void CheckChild(int parent, int child, int nodes, int leaves)
    {
        if (child >= 0 && child <= parent)
        {
            throw new ArgumentException($"Node {parent} has child {child}, not after it.");
        }

        CheckReference(child, nodes, leaves);
    }

    private static void CheckReference(int reference, int nodes, int leaves)
    {
        if (reference >= nodes || (reference < 0 && ~reference >= leaves))
        {
            throw new ArgumentException($"Tree reference {reference} is outside {nodes} nodes and {leaves} leaves.");
        }
    }
}
