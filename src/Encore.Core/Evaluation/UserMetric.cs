namespace Encore.Core.Evaluation;

/// <summary>
/// Base of the per-user metrics at a cut-off k: walks the context's rows (in parallel, each user writing its
/// own slot, so the result does not depend on scheduling), cuts each row to k and asks
/// <see cref="Score"/> for the user's value.
/// </summary>
public abstract class UserMetric : IUserMetric
{
    /// <param name="family">Metric family, e.g. <c>precision</c>; the name is <c>family@k</c>.</param>
    /// <param name="k">Cut-off, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    protected UserMetric(string family, int k)
    {
        ArgumentException.ThrowIfNullOrEmpty(family);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
        Name = $"{family}@{k}";
    }

    public string Name { get; }

    public int K { get; }

    public int Depth => K;

    public UserValues CalculatePerUser(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Depth < K)
        {
            throw new ArgumentException(
                $"{Name} reads {K} ranks but the context was joined to depth {context.Depth}.", nameof(context));
        }

        Require(context);
        var values = new double[context.UserCount];
        Parallel.For(0, values.Length, u => values[u] = Score(context, context.Row(u).Top(K)));
        return new UserValues(context.Users.ToArray(), values);
    }

    public double Calculate(EvaluationContext context) => CalculatePerUser(context).Mean();

    /// <summary>Throws <see cref="ArgumentException"/> when the context lacks an input this metric needs.</summary>
    protected virtual void Require(EvaluationContext context)
    {
        if (!context.HasTest)
        {
            throw new ArgumentException($"{Name} needs 'test'; build the context with test sets.", nameof(context));
        }
    }

    /// <summary>The value of one user, from its row cut to <c>min(K, list length)</c> ranks.</summary>
    protected abstract double Score(EvaluationContext context, in UserRow row);
}
