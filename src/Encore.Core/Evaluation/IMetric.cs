namespace Encore.Core.Evaluation;

/// <summary>A number computed from an <see cref="EvaluationContext"/> (the shared reco × test join).</summary>
public interface IMetric
{
    /// <summary>The key in metrics.json, e.g. <c>precision@10</c>.</summary>
    string Name { get; }

    /// <summary>How many top ranks the metric reads; the context must be built at least this deep (0: none).</summary>
    int Depth { get; }

    /// <summary>Computes the metric over the context's users.</summary>
    /// <exception cref="ArgumentException">The context lacks an input the metric needs, or is too shallow.</exception>
    double Calculate(EvaluationContext context);
}

/// <summary>
/// A metric with one value per evaluated user, whose <see cref="IMetric.Calculate"/> is the mean of
/// <see cref="CalculatePerUser"/> (NaN over zero users).
/// </summary>
public interface IUserMetric : IMetric
{
    /// <summary>The cut-off: only the top <c>K</c> recommendations count.</summary>
    int K { get; }

    /// <summary>One value per user of the context, in the context's user order.</summary>
    UserValues CalculatePerUser(EvaluationContext context);
}
