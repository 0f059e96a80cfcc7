namespace Encore.Core.Linalg;

/// <summary>
/// Bounded-heap top-k selection (as implicit's <c>select.h</c>): O(n log k) time, no allocation. The order is
/// score descending, then id ascending, so equal scores give the same list on every run.
/// </summary>
public static class TopK
{
    /// <summary>
    /// Writes the ids (positions in <paramref name="scores"/>) of the best <c>ids.Length</c> scores, best first,
    /// skipping NaN scores and the ids in <paramref name="excludeSorted"/> (ascending; checked by a moving cursor,
    /// which is why it must be sorted).
    /// </summary>
    /// <returns>How many were written: k, or fewer when fewer ids remain.</returns>
    public static int Select(ReadOnlySpan<float> scores, ReadOnlySpan<int> excludeSorted, Span<int> ids, Span<float> bestScores)
    {
        var k = ids.Length;
        if (bestScores.Length < k)
        {
            throw new ArgumentException("The score span is shorter than the id span.", nameof(bestScores));
        }

        if (k == 0)
        {
            return 0;
        }

        var count = 0;
        var cursor = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];

            // Ids arrive ascending, so an equal score never displaces the root (it has a smaller id).
            if (count == k && !(s > bestScores[0]))
            {
                continue;
            }

            while (cursor < excludeSorted.Length && excludeSorted[cursor] < i)
            {
                cursor++;
            }

            if ((cursor < excludeSorted.Length && excludeSorted[cursor] == i) || float.IsNaN(s))
            {
                continue;
            }

            count = Push(ids, bestScores, count, i, s);
        }

        SortBestFirst(ids, bestScores, count);
        return count;
    }

    /// <summary>
    /// Adds (<paramref name="id"/>, <paramref name="score"/>) to the heap of <paramref name="count"/> candidates
    /// (worst at the root), replacing the root once the heap holds <c>ids.Length</c>. The caller has already checked
    /// that the score beats the root when full, and offers ids in ascending order so ties keep the lower id.
    /// </summary>
    /// <returns>The new count.</returns>
    internal static int Push(Span<int> ids, Span<float> scores, int count, int id, float score)
    {
        if (count < ids.Length)
        {
            ids[count] = id;
            scores[count] = score;
            SiftUp(ids, scores, count);
            return count + 1;
        }

        ids[0] = id;
        scores[0] = score;
        SiftDown(ids, scores, 0, count);
        return count;
    }

    /// <summary>Turns a heap built by <see cref="Push"/> into a best-first list (heap sort: the worst moves back).</summary>
    internal static void SortBestFirst(Span<int> ids, Span<float> scores, int count)
    {
        for (var end = count - 1; end > 0; end--)
        {
            (ids[0], ids[end]) = (ids[end], ids[0]);
            (scores[0], scores[end]) = (scores[end], scores[0]);
            SiftDown(ids, scores, 0, end);
        }
    }

    // The heap keeps the worst candidate at the root.
    private static bool Worse(Span<int> ids, Span<float> scores, int a, int b) =>
        scores[a] < scores[b] || (scores[a] == scores[b] && ids[a] > ids[b]);

    private static void SiftUp(Span<int> ids, Span<float> scores, int at)
    {
        while (at > 0)
        {
            var parent = (at - 1) >> 1;
            if (!Worse(ids, scores, at, parent))
            {
                return;
            }

            Swap(ids, scores, at, parent);
            at = parent;
        }
    }

    private static void SiftDown(Span<int> ids, Span<float> scores, int at, int count)
    {
        while (true)
        {
            var left = (2 * at) + 1;
            if (left >= count)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < count && Worse(ids, scores, right, left))
            {
                worst = right;
            }

            if (!Worse(ids, scores, worst, at))
            {
                return;
            }

            Swap(ids, scores, at, worst);
            at = worst;
        }
    }

    private static void Swap(Span<int> ids, Span<float> scores, int a, int b)
    {
        (ids[a], ids[b]) = (ids[b], ids[a]);
        (scores[a], scores[b]) = (scores[b], scores[a]);
    }
}
