using Encore.Core.Data.Interactions;

namespace Encore.Core.Evaluation.Protocols;

/// <summary>Decides who is evaluated against which items, and which numbers a model gets.</summary>
public interface IEvaluationProtocol
{
    /// <summary>The name written to metrics.json: <c>seed</c> or <c>standard</c>.</summary>
    string Name { get; }

    /// <summary>The cut-offs, ascending.</summary>
    IReadOnlyList<int> K { get; }

    /// <summary>Evaluates one model's lists.</summary>
    ModelScores Evaluate(string model, UserLists recommendations, CancellationToken cancellationToken = default);
}

/// <summary>Runs a protocol over several models into one <see cref="EvaluationResult"/>.</summary>
public static class Evaluator
{
    /// <summary>
    /// Evaluates each model in turn; <paramref name="models"/> may load lists lazily, so only one model's lists
    /// need to be in memory at a time.
    /// </summary>
    public static EvaluationResult Evaluate(
        IEvaluationProtocol protocol,
        IEnumerable<KeyValuePair<string, UserLists>> models,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(models);
        progress ??= NullProgress.Instance;
        var result = new EvaluationResult(protocol.Name, protocol.K);
        var done = 0;
        foreach (var (name, recommendations) in models)
        {
            progress.Report(new ProgressUpdate($"evaluate ({protocol.Name})", done, 0, "models"));
            result.Add(protocol.Evaluate(name, recommendations, cancellationToken));
            done++;
        }

        progress.Report(new ProgressUpdate($"evaluate ({protocol.Name})", done, done, "models"));
        return result;
    }
}
