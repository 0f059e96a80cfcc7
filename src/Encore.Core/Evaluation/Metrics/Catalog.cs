namespace Encore.Core.Evaluation.Metrics;

/// <summary>Share of the catalog that appears in the evaluated users' top-k lists.</summary>
/// <remarks>Coverage@k = |distinct items in the top k of every evaluated user| / catalog size.</remarks>
public sealed class Coverage : IMetric
{
    public Coverage(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
        Name = $"coverage@{k}";
    }

    public int K { get; }

    public string Name { get; }

    public int Depth => K;

    public double Calculate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        CatalogCheck.Require(Name, context);
        if (context.Depth < K)
        {
            throw new ArgumentException(
                $"{Name} reads {K} ranks but the context was joined to depth {context.Depth}.", nameof(context));
        }

        var distinct = new HashSet<int>();
        for (var u = 0; u < context.UserCount; u++)
        {
            foreach (var item in context.Row(u).Top(K).Items)
            {
                distinct.Add(item);
            }
        }

        return (double)distinct.Count / context.CatalogSize;
    }
}

/// <summary>
/// The seed's item coverage (docs/seed.md §5.5): distinct items over every list of the model, all ranks, not only
/// the top k nor only the evaluated users, divided by the catalog size.
/// </summary>
public sealed class ListCoverage : IMetric
{
    public string Name => "coverage";

    public int Depth => 0;

    public double Calculate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        CatalogCheck.Require(Name, context);
        var distinct = new HashSet<int>();
        foreach (var item in context.Recommendations.AllItems)
        {
            distinct.Add(item);
        }

        return (double)distinct.Count / context.CatalogSize;
    }
}

internal static class CatalogCheck
{
    public static void Require(string metric, EvaluationContext context)
    {
        if (context.CatalogSize <= 0)
        {
            throw new ArgumentException($"{metric} needs 'catalogSize'; build the context with it.", nameof(context));
        }
    }
}
