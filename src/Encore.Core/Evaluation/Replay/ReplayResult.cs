namespace Encore.Core.Evaluation.Replay;

/// <summary>One strategy's scores: per metric, the mean over checkpoints c ≥ 1 and the mean at each checkpoint.</summary>
/// <param name="Strategy">The strategy's name.</param>
/// <param name="Means">Per metric (in <see cref="ReplayResult.Metrics"/> order), the mean over the cases with c ≥ 1.</param>
/// <param name="ByCheckpoint">Per metric, the mean at c = 0, 1, …; NaN where no case has that c.</param>
public sealed record ReplayScores(string Strategy, double[] Means, double[][] ByCheckpoint);

/// <summary>What a replay gave every strategy: the <c>replay</c> section of metrics.json and report/replay.md.</summary>
public sealed class ReplayResult
{
    public ReplayResult(ReplayOptions options, int listeners, int[] casesByCheckpoint, IReadOnlyList<string> metrics, IReadOnlyList<ReplayScores> strategies)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Listeners = listeners;
        CasesByCheckpoint = casesByCheckpoint;
        Metrics = metrics;
        Strategies = strategies;
    }

    /// <summary>The replay's parameters.</summary>
    public ReplayOptions Options { get; }

    /// <summary>Listeners replayed.</summary>
    public int Listeners { get; }

    /// <summary>Cases (listeners with a target) at c = 0, 1, ….</summary>
    public int[] CasesByCheckpoint { get; }

    /// <summary>All cases.</summary>
    public long Cases => CasesByCheckpoint.Sum(c => (long)c);

    /// <summary>Cases with c ≥ 1: what <see cref="ReplayScores.Means"/> average over.</summary>
    public long CasesAfterFirstListen => Cases - (CasesByCheckpoint.Length > 0 ? CasesByCheckpoint[0] : 0);

    /// <summary>Metric names, e.g. <c>hit_rate@10</c>, <c>recall@10</c>, <c>ndcg@10</c> per k.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>Strategies in report order.</summary>
    public IReadOnlyList<ReplayScores> Strategies { get; }

    /// <summary>The scores of <paramref name="strategy"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such strategy.</exception>
    public ReplayScores this[string strategy] =>
        Strategies.FirstOrDefault(s => s.Strategy == strategy) ?? throw new KeyNotFoundException($"No strategy named '{strategy}'.");

    /// <summary>The mean over c ≥ 1 of <paramref name="metric"/> for <paramref name="strategy"/>.</summary>
    public double Mean(string strategy, string metric) => this[strategy].Means[MetricIndex(metric)];

    /// <summary>The curve of <paramref name="metric"/> by checkpoint for <paramref name="strategy"/>.</summary>
    public double[] Curve(string strategy, string metric) => this[strategy].ByCheckpoint[MetricIndex(metric)];

    private int MetricIndex(string metric)
    {
        for (var m = 0; m < Metrics.Count; m++)
        {
            if (Metrics[m] == metric)
            {
                return m;
            }
        }

        throw new KeyNotFoundException($"No metric named '{metric}'.");
    }
}
