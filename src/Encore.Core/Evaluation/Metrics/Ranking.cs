namespace Encore.Core.Evaluation.Metrics;

/// <summary>What precision divides the hits by.</summary>
public enum PrecisionDenominator
{
    /// <summary>k: a list shorter than k is charged for its empty slots (the standard protocol).</summary>
    K,

    /// <summary>The number of recommendations actually shown, <c>min(k, list length)</c> (the seed, §5.2).</summary>
    Shown,
}

/// <summary>Share of the top-k recommendations that are relevant.</summary>
/// <remarks>
/// Precision@k = hits@k / k, or hits@k / min(k, n) with <see cref="PrecisionDenominator.Shown"/>, where n is
/// the list length. An empty list gives 0.
/// </remarks>
public sealed class Precision(int k, PrecisionDenominator denominator = PrecisionDenominator.K)
    : UserMetric("precision", k)
{
    protected override double Score(EvaluationContext context, in UserRow row)
    {
        var shown = denominator == PrecisionDenominator.K ? K : row.Length;
        return shown == 0 ? 0 : (double)row.Hits / shown;
    }
}

/// <summary>Share of the user's test items found in the top k.</summary>
/// <remarks>Recall@k = hits@k / |test|; 0 when the test set is empty (seed §5.2: 0/0 → 0).</remarks>
public sealed class Recall(int k) : UserMetric("recall", k)
{
    protected override double Score(EvaluationContext context, in UserRow row) =>
        row.TestCount == 0 ? 0 : (double)row.Hits / row.TestCount;
}

/// <summary>Per-user harmonic mean of precision@k (over k) and recall@k.</summary>
/// <remarks>
/// F1@k = 2·P·R / (P + R) = 2·hits / (k + |test|) per user, then averaged; 0 when P + R = 0. This is the
/// standard protocol's F1. The seed's F1 from averaged P and R is <see cref="F1OfMeans"/>.
/// </remarks>
public sealed class F1(int k) : UserMetric("f1", k)
{
    protected override double Score(EvaluationContext context, in UserRow row)
    {
        var hits = row.Hits;
        return hits == 0 ? 0 : 2.0 * hits / (K + row.TestCount);
    }
}

/// <summary>Normalised discounted cumulative gain with binary relevance.</summary>
/// <remarks>
/// DCG@k = Σ_{r=1..k} rel_r / log2(r + 1); IDCG@k = Σ_{r=1..min(k, |test|)} 1 / log2(r + 1);
/// NDCG@k = DCG@k / IDCG@k, 0 when the test set is empty (Järvelin &amp; Kekäläinen 2002).
/// </remarks>
public sealed class Ndcg : UserMetric
{
    private readonly double[] _discount;
    private readonly double[] _idealPrefix;

    public Ndcg(int k) : base("ndcg", k)
    {
        _discount = new double[k];
        _idealPrefix = new double[k + 1];
        for (var r = 0; r < k; r++)
        {
            _discount[r] = 1.0 / Math.Log2(r + 2);
            _idealPrefix[r + 1] = _idealPrefix[r] + _discount[r];
        }
    }

    protected override double Score(EvaluationContext context, in UserRow row)
    {
        if (row.TestCount == 0)
        {
            return 0;
        }

        var dcg = 0.0;
        for (var r = 0; r < row.Length; r++)
        {
            if (row.IsRelevant(r))
            {
                dcg += _discount[r];
            }
        }

        return dcg / _idealPrefix[Math.Min(K, row.TestCount)];
    }
}

/// <summary>Mean average precision at k (reported as the mean of AP@k over users).</summary>
/// <remarks>
/// AP@k = Σ_{i=1..k} P@i · rel_i / min(k, |test|), with P@i = hits in the first i / i; 0 when the test set is
/// empty. A list that finds every test item at the top scores 1.
/// </remarks>
public sealed class Map(int k) : UserMetric("map", k)
{
    protected override double Score(EvaluationContext context, in UserRow row)
    {
        if (row.TestCount == 0)
        {
            return 0;
        }

        var hits = 0;
        var sum = 0.0;
        for (var r = 0; r < row.Length; r++)
        {
            if (row.IsRelevant(r))
            {
                hits++;
                sum += (double)hits / (r + 1);
            }
        }

        return sum / Math.Min(K, row.TestCount);
    }
}

/// <summary>Reciprocal rank of the first relevant item in the top k.</summary>
/// <remarks>RR@k = 1 / (1-based rank of the first hit), 0 when the top k holds no hit.</remarks>
public sealed class Mrr(int k) : UserMetric("mrr", k)
{
    protected override double Score(EvaluationContext context, in UserRow row)
    {
        for (var r = 0; r < row.Length; r++)
        {
            if (row.IsRelevant(r))
            {
                return 1.0 / (r + 1);
            }
        }

        return 0;
    }
}

/// <summary>Whether the top k holds at least one relevant item.</summary>
/// <remarks>HitRate@k = 1 when hits@k ≥ 1, else 0; its mean is the share of users with a hit.</remarks>
public sealed class HitRate(int k) : UserMetric("hit_rate", k)
{
    protected override double Score(EvaluationContext context, in UserRow row) => row.Hits > 0 ? 1 : 0;
}
