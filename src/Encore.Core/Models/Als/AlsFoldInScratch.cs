using Encore.Core.Linalg;

namespace Encore.Core.Models.Als;

/// <summary>
/// One thread's working memory for <see cref="AlsFoldIn"/>: the merged history, the solver's and the scorer's
/// buffers. Made by <see cref="AlsFoldIn.CreateScratch"/>; the history buffers grow to the longest listener seen, so
/// a request allocates nothing once warm. Not thread-safe: one per thread.
/// </summary>
public sealed class AlsFoldInScratch
{
    private TopKBatch? _batch;

    internal AlsFoldInScratch(int factors, int scorerScratch, int fallbackItems)
    {
        Solve = new double[(factors * factors) + (2 * factors)];
        Cg = new float[3 * factors];
        Query = new FactorMatrix(1, factors);
        ScorerScratch = new float[scorerScratch];
        AllScores = new float[fallbackItems];
        Exclude = _ => Heard;
    }

    /// <summary>Every item the listener has heard (train ∪ events), ascending: what retrieval leaves out.</summary>
    internal int[] HeardItems { get; private set; } = new int[64];

    internal int HeardCount { get; set; }

    internal ReadOnlySpan<int> Heard => HeardItems.AsSpan(0, HeardCount);

    /// <summary>The items of the least-squares problem, ascending, with their confidences.</summary>
    internal int[] ProblemItems { get; private set; } = new int[64];

    internal float[] ProblemConfidence { get; private set; } = new float[64];

    internal int ProblemCount { get; set; }

    /// <summary>The online events, sorted.</summary>
    internal int[] Events { get; private set; } = new int[16];

    internal double[] Solve { get; }

    internal float[] Cg { get; }

    internal FactorMatrix Query { get; }

    internal float[] ScorerScratch { get; }

    /// <summary>Every item's score, when the machine lacks the norm-pruned kernel (empty otherwise).</summary>
    internal float[] AllScores { get; }

    internal ExclusionOf Exclude { get; }

    internal TopKBatch Batch(int k)
    {
        if (_batch is null || _batch.K != k)
        {
            _batch = new TopKBatch(1, k);
        }

        return _batch;
    }

    /// <summary>Grows the history buffers to hold <paramref name="items"/> items and <paramref name="events"/> events.</summary>
    internal void Reserve(int items, int events)
    {
        if (HeardItems.Length < items)
        {
            var length = Math.Max(items, 2 * HeardItems.Length);
            HeardItems = new int[length];
            ProblemItems = new int[length];
            ProblemConfidence = new float[length];
        }

        if (Events.Length < events)
        {
            Events = new int[Math.Max(events, 2 * Events.Length)];
        }
    }
}
