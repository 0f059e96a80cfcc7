namespace Encore.Core.Models;

/// <summary>The first items of a ranked list that a user has not heard: the chart, an offline list, a cached list.</summary>
public static class Unheard
{
    /// <summary>Writes the first <c>items.Length</c> items of <paramref name="ranked"/> not in <paramref name="heard"/> (ascending).</summary>
    /// <returns>How many were written.</returns>
    public static int First(ReadOnlySpan<int> ranked, ReadOnlySpan<int> heard, Span<int> items) =>
        First(ranked, default, heard, items, default);

    /// <summary>
    /// As <see cref="First(ReadOnlySpan{int}, ReadOnlySpan{int}, Span{int})"/>, also copying each kept item's score
    /// from <paramref name="rankedScores"/> (aligned with <paramref name="ranked"/>) into <paramref name="scores"/>;
    /// without ranked scores, none are written.
    /// </summary>
    public static int First(ReadOnlySpan<int> ranked, ReadOnlySpan<float> rankedScores, ReadOnlySpan<int> heard, Span<int> items, Span<float> scores)
    {
        var written = 0;
        for (var i = 0; i < ranked.Length && written < items.Length; i++)
        {
            if (heard.BinarySearch(ranked[i]) >= 0)
            {
                continue;
            }

            if (!rankedScores.IsEmpty)
            {
                scores[written] = rankedScores[i];
            }

            items[written++] = ranked[i];
        }

        return written;
    }
}
