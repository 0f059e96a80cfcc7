using Encore.Core.Evaluation.Metrics;

namespace Encore.Core.Evaluation;

/// <summary>
/// A list of metrics computed over one shared <see cref="EvaluationContext"/>: the join of recommendations with
/// test and train sets is built once, as deep as the deepest metric, and every metric reads it.
/// </summary>
public sealed class MetricSuite
{
    /// <exception cref="ArgumentException">Two metrics share a name, or the list is empty.</exception>
    public MetricSuite(IEnumerable<IMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var list = new List<IMetric>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            if (!names.Add(metric.Name))
            {
                throw new ArgumentException($"Two metrics are named '{metric.Name}'.", nameof(metrics));
            }

            list.Add(metric);
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("A metric suite needs at least one metric.", nameof(metrics));
        }

        Metrics = list;
        Depth = 1;
        foreach (var metric in list)
        {
            Depth = Math.Max(Depth, metric.Depth);
        }
    }

    public IReadOnlyList<IMetric> Metrics { get; }

    /// <summary>The depth a context needs for every metric of the suite.</summary>
    public int Depth { get; }

    /// <summary>
    /// The standard protocol's metrics for each k (ascending): precision, recall, F1, NDCG, MAP, MRR, hit rate,
    /// novelty (self-information), unheard share, mean popularity and coverage.
    /// </summary>
    public static MetricSuite Standard(IReadOnlyList<int> ks)
    {
        var metrics = new List<IMetric>();
        foreach (var k in Cutoffs.Normalise(ks))
        {
            metrics.Add(new Precision(k));
            metrics.Add(new Recall(k));
            metrics.Add(new F1(k));
            metrics.Add(new Ndcg(k));
            metrics.Add(new Map(k));
            metrics.Add(new Mrr(k));
            metrics.Add(new HitRate(k));
            metrics.Add(new Novelty(k));
            metrics.Add(new UnheardShare(k));
            metrics.Add(new MeanPopularity(k));
            metrics.Add(new Coverage(k));
        }

        return new MetricSuite(metrics);
    }

    /// <summary>Computes every metric over <paramref name="context"/>, in the suite's order.</summary>
    /// <exception cref="ArgumentException">The context is shallower than <see cref="Depth"/> or lacks an input.</exception>
    public IReadOnlyList<MetricValue> Calculate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Depth < Depth)
        {
            throw new ArgumentException(
                $"The suite reads {Depth} ranks but the context was joined to depth {context.Depth}.", nameof(context));
        }

        var values = new MetricValue[Metrics.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new MetricValue(Metrics[i].Name, Metrics[i].Calculate(context));
        }

        return values;
    }
}
