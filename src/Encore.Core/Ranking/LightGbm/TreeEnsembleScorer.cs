using System.Numerics;
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
/// the leaf array (ML.NET's own encoding, shifted to global indices); this is the saved form. For scoring the nodes
/// are compiled once into 16-byte structs (feature, threshold, left, right: the fields a step reads, in one cache
/// line instead of four arrays) followed by one self-looping node per leaf, so a step needs no branch on the data.
/// Rows are scored in blocks whose features stay in L1 while every tree runs over them, eight rows through a tree at
/// once (independent walks the CPU overlaps; measured faster than 4 or 16), and blocks run in parallel. The eight
/// walks go on until all eight rows are at their leaves, not for the tree's full depth: LightGBM grows trees leaf
/// by leaf, and a trained ranker's trees are long and thin (full scale: 11.8 levels deep on average, a row's leaf
/// 3.8 levels down), so the full-depth walk spent two thirds of its steps looping on leaves. The leaf nodes sit
/// from a power of two on, so one AND of the eight positions says whether all are at leaves. <see cref="ScoreReference"/>
/// is the definition the walks must equal bit for bit.
/// </remarks>
internal sealed partial class TreeEnsembleScorer
{
    /// <summary>Rows per block: 256 rows × 30 features is 30 KB, about L1.</summary>
    internal const int BlockRows = 256;

    // Rows walked through a tree together: their node loads are independent, so the CPU overlaps their latencies.
    // Eight fit in registers; on a 200-tree, 31-leaf model 4 lanes scored 270k rows per CPU-second, 8 lanes 430k,
    // 16 lanes (through a stack array) 350k.
    private const int Lanes = 8;

    private readonly Node[] _nodes;
    private readonly int[] _roots;
    private readonly double[] _leaves;
    private readonly FlatNode[] _flat;
    private readonly int[] _flatRoots;
    private readonly int[] _depths;
    private readonly int[] _minDepths;

    // Where the leaf nodes start in _flat: a power of two above every split node, so a position is a leaf iff it has this bit.
    private readonly int _leafBase;

    // The same in bytes: the walks hold positions as byte offsets into _flat (children and roots are stored so), which
    // takes the index-to-address multiply off each step's chain of dependent loads.
    private readonly int _leafBaseBytes;

    // A FlatNode's size, 16 bytes, as a shift.
    private const int NodeShift = 4;

    public TreeEnsembleScorer(Node[] nodes, int[] roots, double[] leaves)
    {
        _nodes = nodes;
        _roots = roots;
        _leaves = leaves;
        // Children come after their parent (LightGBM numbers nodes in split order), which rules out cycles, so the
        // depth walk of Compile ends even on a damaged file; with every reference in bounds, scoring reads no stray memory.
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
        _leafBase = LeafBase(nodes.Length, leaves.Length);
        _leafBaseBytes = _leafBase << NodeShift;
        (_flat, _flatRoots, _depths, _minDepths) = Compile(nodes, roots, leaves.Length, _leafBase);
    }

    /// <summary>How a row goes down a tree in <see cref="Score(ReadOnlySpan{float}, int, Span{float}, int, Walk)"/>; both give the same scores.</summary>
    internal enum Walk
    {
        /// <summary>Eight rows step together until all eight are at their leaves (the default).</summary>
        ToLeaves,

        /// <summary>Every row takes the tree's full depth in steps, with no exit test (the walk before <see cref="ToLeaves"/>, kept to measure against).</summary>
        FullDepth,
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
    public void Score(ReadOnlySpan<float> values, int columns, Span<float> scores, int threads = 0) =>
        Score(values, columns, scores, threads, Walk.ToLeaves);

    /// <summary>As <see cref="Score(ReadOnlySpan{float}, int, Span{float}, int)"/>, walking the trees as <paramref name="walk"/> says.</summary>
    internal unsafe void Score(ReadOnlySpan<float> values, int columns, Span<float> scores, int threads, Walk walk)
    {
        // Leaf nodes of the scoring layout read column 0, so a row needs one column even for split-free trees.
        if (columns < Math.Max(FeatureCount, 1))
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
                ScoreBlock(values, columns, scores, b, walk);
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
                new Span<float>((float*)scoresAddress, rows), b, walk));
        }
    }

    private void ScoreBlock(ReadOnlySpan<float> values, int columns, Span<float> scores, int block, Walk walk)
    {
        var first = block * BlockRows;
        var count = Math.Min(BlockRows, scores.Length - first);
        var blockValues = values.Slice(first * columns, count * columns);
        Span<double> sums = stackalloc double[BlockRows];
        sums = sums[..count];
        sums.Clear();
        ref var flat = ref MemoryMarshal.GetArrayDataReference(_flat);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref var rowValues = ref MemoryMarshal.GetReference(blockValues);
        var leafBase = _leafBaseBytes;
        var toLeaves = walk == Walk.ToLeaves;
        // Walking to the leaves, no row can be at one before the tree's shallowest leaf: those steps need no test.
        var fixedSteps = toLeaves ? _minDepths : _depths;
        var full = count - (count % Lanes);
        for (var t = 0; t < _flatRoots.Length; t++)
        {
            var root = _flatRoots[t];
            var steps = fixedSteps[t];
            var r = 0;
            for (; r < full; r += Lanes)
            {
                int n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
                ref var v0 = ref Unsafe.Add(ref rowValues, r * columns);
                for (var d = 0; d < steps; d++)
                {
                    n0 = Step(ref flat, n0, ref v0);
                    n1 = Step(ref flat, n1, ref Unsafe.Add(ref v0, columns));
                    n2 = Step(ref flat, n2, ref Unsafe.Add(ref v0, 2 * columns));
                    n3 = Step(ref flat, n3, ref Unsafe.Add(ref v0, 3 * columns));
                    n4 = Step(ref flat, n4, ref Unsafe.Add(ref v0, 4 * columns));
                    n5 = Step(ref flat, n5, ref Unsafe.Add(ref v0, 5 * columns));
                    n6 = Step(ref flat, n6, ref Unsafe.Add(ref v0, 6 * columns));
                    n7 = Step(ref flat, n7, ref Unsafe.Add(ref v0, 7 * columns));
                }

                // A row at its leaf steps onto the same leaf, so the eight go on together until the deepest is there:
                // one exit branch per tree and eight rows, where one branch per row and step mispredicted far more.
                while (toLeaves && (n0 & n1 & n2 & n3 & n4 & n5 & n6 & n7 & leafBase) == 0)
                {
                    n0 = Step(ref flat, n0, ref v0);
                    n1 = Step(ref flat, n1, ref Unsafe.Add(ref v0, columns));
                    n2 = Step(ref flat, n2, ref Unsafe.Add(ref v0, 2 * columns));
                    n3 = Step(ref flat, n3, ref Unsafe.Add(ref v0, 3 * columns));
                    n4 = Step(ref flat, n4, ref Unsafe.Add(ref v0, 4 * columns));
                    n5 = Step(ref flat, n5, ref Unsafe.Add(ref v0, 5 * columns));
                    n6 = Step(ref flat, n6, ref Unsafe.Add(ref v0, 6 * columns));
                    n7 = Step(ref flat, n7, ref Unsafe.Add(ref v0, 7 * columns));
                }

                sums[r] += Unsafe.Add(ref leaves, (n0 - leafBase) >> NodeShift);
                sums[r + 1] += Unsafe.Add(ref leaves, (n1 - leafBase) >> NodeShift);
                sums[r + 2] += Unsafe.Add(ref leaves, (n2 - leafBase) >> NodeShift);
                sums[r + 3] += Unsafe.Add(ref leaves, (n3 - leafBase) >> NodeShift);
                sums[r + 4] += Unsafe.Add(ref leaves, (n4 - leafBase) >> NodeShift);
                sums[r + 5] += Unsafe.Add(ref leaves, (n5 - leafBase) >> NodeShift);
                sums[r + 6] += Unsafe.Add(ref leaves, (n6 - leafBase) >> NodeShift);
                sums[r + 7] += Unsafe.Add(ref leaves, (n7 - leafBase) >> NodeShift);
            }

            for (; r < count; r++)
            {
                var n = root;
                ref var v = ref Unsafe.Add(ref rowValues, r * columns);
                for (var d = 0; d < steps; d++)
                {
                    n = Step(ref flat, n, ref v);
                }

                while (toLeaves && (n & leafBase) == 0)
                {
                    n = Step(ref flat, n, ref v);
                }

                sums[r] += Unsafe.Add(ref leaves, (n - leafBase) >> NodeShift);
            }
        }

        var destination = scores.Slice(first, count);
        for (var r = 0; r < count; r++)
        {
            destination[r] = (float)sums[r];
        }
    }

    /// <summary>One step down, without a branch: the comparison's 0 or 1 picks the child next to <see cref="FlatNode.Left"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref FlatNode flat, int n, ref float row)
    {
        ref var node = ref Unsafe.AddByteOffset(ref flat, (nuint)(uint)n);
        var right = Unsafe.Add(ref row, node.Feature) > node.Threshold;
        return Unsafe.Add(ref node.Left, Unsafe.BitCast<bool, byte>(right));
    }

    /// <summary>
    /// The scoring layout: the nodes, then from <paramref name="leafBase"/> on one node per leaf that leads to itself,
    /// so a row at its leaf can go on stepping with rows still on their way (a branch per row costs more than the
    /// extra steps); with each tree's deepest and shallowest leaf levels.
    /// </summary>
    private static (FlatNode[] Flat, int[] Roots, int[] Depths, int[] MinDepths) Compile(Node[] nodes, int[] roots, int leafCount, int leafBase)
    {
        var flat = new FlatNode[leafBase + leafCount];
        for (var i = 0; i < nodes.Length; i++)
        {
            flat[i] = new FlatNode(nodes[i].Feature, nodes[i].Threshold, Flat(nodes[i].Left, leafBase), Flat(nodes[i].Right, leafBase));
        }

        for (var leaf = 0; leaf < leafCount; leaf++)
        {
            var self = leafBase + leaf;
            flat[self] = new FlatNode(0, 0f, self << NodeShift, self << NodeShift);
        }

        var flatRoots = new int[roots.Length];
        var depths = new int[roots.Length];
        var minDepths = new int[roots.Length];
        var stack = new Stack<(int Reference, int Depth)>();
        for (var t = 0; t < roots.Length; t++)
        {
            flatRoots[t] = Flat(roots[t], leafBase);
            minDepths[t] = int.MaxValue;
            stack.Push((roots[t], 0));
            while (stack.TryPop(out var top))
            {
                if (top.Reference < 0)
                {
                    depths[t] = Math.Max(depths[t], top.Depth);
                    minDepths[t] = Math.Min(minDepths[t], top.Depth);
                    continue;
                }

                stack.Push((nodes[top.Reference].Left, top.Depth + 1));
                stack.Push((nodes[top.Reference].Right, top.Depth + 1));
            }
        }

        return (flat, flatRoots, depths, minDepths);
    }

    /// <summary>The smallest power of two at or above both counts: split nodes lie below it, leaf nodes from it on, and no leaf reaches the next power.</summary>
    private static int LeafBase(int nodeCount, int leafCount)
    {
        var larger = Math.Max(Math.Max(nodeCount, leafCount), 1);
        if (larger > 1 << 25)
        {
            throw new ArgumentException($"{nodeCount} nodes and {leafCount} leaves are more than the scorer lays out (2^25 each).");
        }

        return (int)BitOperations.RoundUpToPowerOf2((uint)larger);
    }

    // A reference's position in the scoring layout, as a byte offset.
    private static int Flat(int reference, int leafBase) => (reference >= 0 ? reference : leafBase + ~reference) << NodeShift;

    /// <summary>A node of the scoring layout; <see cref="Right"/> must follow <see cref="Left"/> (see <see cref="Step"/>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FlatNode(int feature, float threshold, int left, int right)
    {
        public int Feature = feature;
        public float Threshold = threshold;
        public int Left = left;
        public int Right = right;
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
