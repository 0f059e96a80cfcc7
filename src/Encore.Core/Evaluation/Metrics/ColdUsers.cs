namespace Encore.Core.Evaluation.Metrics;

/// <summary>
/// Share of all test items of the context's users found in their top k: a micro-average, so a user with many
/// test items weighs more. Over cold users this is the seed's "event share matched" (docs/seed.md §5.6 step 2).
/// </summary>
/// <remarks>EventShare@k = Σ_u hits@k(u) / Σ_u |test(u)|; 0 when there are no test items.</remarks>
public sealed class EventShare : IMetric
{
    public EventShare(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
        Name = $"event_share@{k}";
    }

    public int K { get; }

    public string Name { get; }

    public int Depth => K;

    public double Calculate(EvaluationContext context)
    {
        HitTotals.Require(Name, K, context);
        long hits = 0;
        long tests = 0;
        for (var u = 0; u < context.UserCount; u++)
        {
            var row = context.Row(u);
            hits += row.Top(K).Hits;
            tests += row.TestCount;
        }

        return tests == 0 ? 0 : (double)hits / tests;
    }
}

/// <summary>
/// Mean number of hits in the top k among users with at least one hit (docs/seed.md §5.6 step 5: 1.819 for cold
/// users and the top-100 list).
/// </summary>
/// <remarks>MeanHits@k = Σ_u hits@k(u) / |{u : hits@k(u) ≥ 1}|; 0 when no user has a hit.</remarks>
public sealed class MeanHitsOfHitUsers : IMetric
{
    public MeanHitsOfHitUsers(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
        Name = $"mean_hits@{k}";
    }

    public int K { get; }

    public string Name { get; }

    public int Depth => K;

    public double Calculate(EvaluationContext context)
    {
        HitTotals.Require(Name, K, context);
        long hits = 0;
        long users = 0;
        for (var u = 0; u < context.UserCount; u++)
        {
            var userHits = context.Row(u).Top(K).Hits;
            hits += userHits;
            users += userHits > 0 ? 1 : 0;
        }

        return users == 0 ? 0 : (double)hits / users;
    }
}

internal static class HitTotals
{
    public static void Require(string metric, int k, EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.HasTest)
        {
            throw new ArgumentException($"{metric} needs 'test'; build the context with test sets.", nameof(context));
        }

        if (context.Depth < k)
        {
            throw new ArgumentException(
                $"{metric} reads {k} ranks but the context was joined to depth {context.Depth}.", nameof(context));
        }
    }
}
