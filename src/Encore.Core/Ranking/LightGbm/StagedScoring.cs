namespace Encore.Core.Ranking.LightGbm;

/// <summary>
/// The best k of a list's candidates without walking every tree for every candidate: the trees run in stages, and
/// after a stage candidates leave. Those that stay to the end get their full scores, bit for bit (the same double sums
/// in tree order), and every other candidate −∞, so the list is ranked by full scores only. The live ranker scores a
/// request this way (<see cref="Score"/>), the batch ranker each user's candidates (<see cref="ScoreGroups"/>).
/// </summary>
/// <remarks>
/// <para>Both use a shortlist: after the first stage only the best <c>shortlist</c> candidates by partial sum go on.
/// A candidate dropped there might have reached the top k, so this is not exact; measured, the live top 10 changed in
/// 1.5–2.5 % of benchmark requests and the replay's metrics not at all (bench/RESULTS.md, "Live ranking: the request's
/// CPU"), and the batch ranker's quality in "Ranker batch scoring: staged shortlist".</para>
/// <para>Exact pruning runs after every stage as well: after trees [0, b) a candidate's final sum lies in [partial +
/// Σ later trees' smallest leaf, partial + Σ their largest leaf] (<see cref="TreeRanges"/>), widened by a margin far
/// above the doubles' rounding. Let L be the k-th largest lower bound: k candidates will score at least L. A candidate
/// whose upper bound rounds (to float, as scores do) strictly below L rounds below each of those k, so it is not in
/// the top k whatever the tie-break. Alone (<c>shortlist</c> 0) it is exact, but on trained models the leaf ranges
/// stay wider than the candidates' gaps until the last trees, so it saves little.</para>
/// </remarks>
internal static class StagedScoring
{
    /// <summary>
    /// The live ranker's default shortlist: measured on the medium set's replay (bench/RESULTS.md, "Live ranking: the
    /// request's CPU"), the top 10 differs from full scoring's in ~3 % of requests for ~40 % of the tree walks.
    /// </summary>
    public const int DefaultShortlist = 60;

    /// <summary>Trees in a stage: an eighth of the model (25 of 200), then a sixteenth.</summary>
    public static int FirstStage(int trees) => Math.Max(1, trees / 8);

    public static int Stage(int trees) => Math.Max(1, trees / 16);

    /// <summary>
    /// Scores rows [0, <paramref name="count"/>) of <paramref name="values"/> in stages: rows that stay to the end get
    /// their full scores, the others −∞; with <paramref name="shortlist"/> 0 those are exactly the rows that cannot be
    /// among the best <paramref name="k"/> (score descending, then lower row).
    /// </summary>
    /// <param name="scorer">The trees.</param>
    /// <param name="values">Row-major features, <paramref name="columns"/> per row, at least <paramref name="count"/> rows.</param>
    /// <param name="columns">Features per row.</param>
    /// <param name="count">Rows to score.</param>
    /// <param name="k">How many best rows must be exact.</param>
    /// <param name="scores">Receives the scores (at least <paramref name="count"/>).</param>
    /// <param name="work">Buffers, each at least <paramref name="count"/> long.</param>
    /// <param name="shortlist">0: exact pruning only. Otherwise at most this many rows (never fewer than k) go past the first stage.</param>
    /// <param name="firstStage">Trees of the first stage (0: <see cref="FirstStage"/>).</param>
    /// <param name="stage">Trees of each later stage (0: <see cref="Stage"/>).</param>
    /// <param name="prune">Whether the exact pruning runs after each stage (off, only the shortlist drops rows).</param>
    /// <returns>Tree walks done (rows × trees); full scoring does count × trees.</returns>
    public static long Score(
        TreeEnsembleScorer scorer, ReadOnlySpan<float> values, int columns, int count, int k, Span<float> scores, StagedWork work,
        int shortlist = 0, int firstStage = 0, int stage = 0, bool prune = true)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var trees = scorer.Trees;
        var sums = work.Sums.AsSpan(0, count);
        sums.Clear();
        var alive = work.Alive.AsSpan(0, count);
        for (var r = 0; r < count; r++)
        {
            alive[r] = r;
        }

        var live = count;
        var ranges = scorer.Ranges;
        long walks = 0;
        var done = 0;
        var step = stage > 0 ? stage : Stage(trees);
        var next = Math.Min(trees, firstStage > 0 ? firstStage : FirstStage(trees));
        while (done < trees)
        {
            scorer.AddTrees(values, columns, alive[..live], sums, done, next);
            walks += (long)live * (next - done);
            if (done == 0 && shortlist > 0 && live > Math.Max(shortlist, k))
            {
                live = Shortlist(alive[..live], sums, Math.Max(shortlist, k), work.Bounds);
            }

            done = next;
            next = Math.Min(trees, done + step);
            if (prune && done < trees && live > k)
            {
                live = Prune(alive[..live], sums, k, ranges, done, work.Bounds);
            }
        }

        var destination = scores[..count];
        destination.Fill(float.NegativeInfinity);
        foreach (var r in alive[..live])
        {
            destination[r] = (float)sums[r];
        }

        return walks;
    }

    /// <summary>
    /// Scores groups of consecutive rows (the batch ranker's users, each with its candidates) for each group's best
    /// <paramref name="k"/>, groups in parallel. A group of more than max(<paramref name="shortlist"/>, k) rows goes
    /// through the first <paramref name="firstStage"/> trees whole, then only its best <c>shortlist</c> rows by that
    /// partial sum (ties: lower row) through the others; a smaller group, or every group when <paramref name="shortlist"/>
    /// is 0, goes through every tree. Rows that go to the end get their full scores, bit for bit those of
    /// <see cref="TreeEnsembleScorer.Score(ReadOnlySpan{float}, int, Span{float}, int)"/>; the others −∞. A group's
    /// scores depend on that group alone, so not on <paramref name="threads"/>. Rows outside every group are not written.
    /// </summary>
    /// <param name="scorer">The trees.</param>
    /// <param name="values">Row-major features, <paramref name="columns"/> per row, one row per score.</param>
    /// <param name="columns">Features per row.</param>
    /// <param name="firstRows">Each group's first row.</param>
    /// <param name="counts">Each group's rows; the groups must not overlap.</param>
    /// <param name="k">The list length: never fewer rows than this (or the group's) get full scores.</param>
    /// <param name="shortlist">Rows per group that go past the first stage (0: all); taken as at least <paramref name="k"/>.</param>
    /// <param name="firstStage">Trees every row goes through.</param>
    /// <param name="scores">Receives the scores, one per row.</param>
    /// <param name="threads">The most groups scored at once; 0 means one per processor.</param>
    /// <returns>Tree walks done (rows × trees); full scoring does Σ counts × trees.</returns>
    public static unsafe long ScoreGroups(
        TreeEnsembleScorer scorer, ReadOnlySpan<float> values, int columns, ReadOnlySpan<int> firstRows, ReadOnlySpan<int> counts, int k,
        int shortlist, int firstStage, Span<float> scores, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(shortlist);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstStage, 1);
        if (firstRows.Length != counts.Length)
        {
            throw new ArgumentException($"{firstRows.Length} first rows for {counts.Length} groups.", nameof(firstRows));
        }

        if (values.Length != (long)scores.Length * columns)
        {
            throw new ArgumentException($"{values.Length} values are not {scores.Length} rows of {columns}.", nameof(values));
        }

        var largest = 0;
        for (var g = 0; g < counts.Length; g++)
        {
            if (firstRows[g] < 0 || counts[g] < 0 || (long)firstRows[g] + counts[g] > scores.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(counts), $"Group {g} (rows {firstRows[g]} + {counts[g]}) is outside the {scores.Length} rows.");
            }

            largest = Math.Max(largest, counts[g]);
        }

        var groups = counts.Length;
        long walks = 0;
        fixed (float* valuesPointer = values)
        fixed (float* scoresPointer = scores)
        fixed (int* firstPointer = firstRows)
        fixed (int* countPointer = counts)
        {
            // Spans cannot enter a lambda; the addresses can, and everything stays pinned until Parallel.For returns.
            var valuesAddress = (nint)valuesPointer;
            var scoresAddress = (nint)scoresPointer;
            var firstAddress = (nint)firstPointer;
            var countAddress = (nint)countPointer;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
            Parallel.For(
                0, groups, parallel, () => (Work: new StagedWork(largest), Walks: 0L),
                (g, _, local) =>
                {
                    var first = ((int*)firstAddress)[g];
                    var count = ((int*)countAddress)[g];
                    local.Walks += ScoreGroup(
                        scorer, new ReadOnlySpan<float>((float*)valuesAddress + ((nint)first * columns), count * columns), columns, count, k,
                        shortlist, firstStage, new Span<float>((float*)scoresAddress + first, count), local.Work);
                    return local;
                },
                local => Interlocked.Add(ref walks, local.Walks));
        }

        return walks;
    }

    private static long ScoreGroup(
        TreeEnsembleScorer scorer, ReadOnlySpan<float> values, int columns, int count, int k, int shortlist, int firstStage, Span<float> scores,
        StagedWork work)
    {
        if (count == 0)
        {
            return 0;
        }

        // No shortlist, no more rows than it keeps, or no trees after the first stage: every row through every tree, in one stage.
        var trees = scorer.Trees;
        var staged = shortlist > 0 && count > Math.Max(shortlist, k) && firstStage < trees;
        var first = staged ? firstStage : trees;
        // Two stages, no exact pruning between them: on trained models it drops almost nothing (StagedScoring's remarks).
        return Score(scorer, values, columns, count, k, scores, work, staged ? shortlist : 0, first, stage: trees, prune: false);
    }

    /// <summary>Keeps the rows whose upper bound can still reach the k-th best lower bound; returns how many.</summary>
    private static int Prune(Span<int> alive, ReadOnlySpan<double> sums, int k, TreeRanges ranges, int done, double[] bounds)
    {
        var restMin = ranges.RestMin[done];
        var restMax = ranges.RestMax[done];
        var restAbs = ranges.RestAbs[done];

        // The k largest lower bounds, ascending in bounds[0..k): bounds[0] ends as the k-th largest.
        var top = bounds.AsSpan(0, k);
        var filled = 0;
        foreach (var r in alive)
        {
            var lower = sums[r] + restMin - Margin(sums[r], restAbs);
            if (filled < k)
            {
                Insert(top, filled++, lower);
            }
            else if (lower > top[0])
            {
                ReplaceSmallest(top, lower);
            }
        }

        var threshold = (float)top[0];
        var kept = 0;
        foreach (var r in alive)
        {
            var upper = sums[r] + restMax + Margin(sums[r], restAbs);
            // Not "<" on doubles: scores are compared as floats, and two doubles may round to the same float.
            if (!((float)upper < threshold))
            {
                alive[kept++] = r;
            }
        }

        return kept;
    }

    /// <summary>
    /// Far above the rounding of ~hundreds of double additions of magnitude at most |partial| + Σ|leaf| (each within
    /// 2⁻⁵³ of it), so the bounds hold for the sums as computed, not only in exact arithmetic.
    /// </summary>
    private static double Margin(double partial, double restAbs) => (Math.Abs(partial) + restAbs + 1) * Math.ScaleB(1, -36);

    /// <summary>Inserts <paramref name="value"/> into ascending <paramref name="sorted"/>[0..count) (count &lt; its length).</summary>
    private static void Insert(Span<double> sorted, int count, double value)
    {
        var i = count;
        while (i > 0 && sorted[i - 1] > value)
        {
            sorted[i] = sorted[i - 1];
            i--;
        }

        sorted[i] = value;
    }

    /// <summary>Replaces the smallest entry of full ascending <paramref name="sorted"/> by a larger <paramref name="value"/>, keeping it ascending.</summary>
    private static void ReplaceSmallest(Span<double> sorted, double value)
    {
        var i = 0;
        while (i + 1 < sorted.Length && sorted[i + 1] < value)
        {
            sorted[i] = sorted[i + 1];
            i++;
        }

        sorted[i] = value;
    }

    /// <summary>Keeps the <paramref name="keep"/> rows with the largest partial sums (ties: lower row), in row order; returns keep.</summary>
    private static int Shortlist(Span<int> alive, ReadOnlySpan<double> sums, int keep, double[] bounds)
    {
        var sorted = bounds.AsSpan(0, alive.Length);
        for (var i = 0; i < alive.Length; i++)
        {
            sorted[i] = sums[alive[i]];
        }

        sorted.Sort();
        var cut = sorted[alive.Length - keep];
        var above = 0;
        foreach (var r in alive)
        {
            above += sums[r] > cut ? 1 : 0;
        }

        // Everything above the cut, then rows at the cut in row order until keep are taken.
        var ties = keep - above;
        var kept = 0;
        foreach (var r in alive)
        {
            var s = sums[r];
            if (s > cut || (s == cut && ties-- > 0))
            {
                alive[kept++] = r;
            }
        }

        return kept;
    }
}

/// <summary>Buffers of <see cref="StagedScoring"/> for up to <see cref="Capacity"/> rows: one per thread.</summary>
internal sealed class StagedWork(int capacity)
{
    public int Capacity => Sums.Length;

    public double[] Sums { get; } = new double[capacity];

    public int[] Alive { get; } = new int[capacity];

    public double[] Bounds { get; } = new double[capacity];
}
