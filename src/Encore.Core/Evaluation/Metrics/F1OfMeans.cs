namespace Encore.Core.Evaluation.Metrics;

/// <summary>The seed's F1 (docs/seed.md §5.3): the harmonic mean of the already averaged precision and recall.</summary>
/// <remarks>
/// F1 = 2·P̄·R̄ / (P̄ + R̄), with P̄ the mean of <see cref="Precision"/> over shown recommendations and R̄ the mean
/// of <see cref="Recall"/>. NaN when P̄ = R̄ = 0, as in the seed; metrics.json writes it as null.
/// </remarks>
public sealed class F1OfMeans : IMetric
{
    private readonly Precision _precision;
    private readonly Recall _recall;

    public F1OfMeans(int k)
    {
        _precision = new Precision(k, PrecisionDenominator.Shown);
        _recall = new Recall(k);
        Name = $"f1@{k}";
        Depth = k;
    }

    public string Name { get; }

    public int Depth { get; }

    public double Calculate(EvaluationContext context)
    {
        var precision = _precision.Calculate(context);
        var recall = _recall.Calculate(context);
        return 2 * precision * recall / (precision + recall);
    }
}
