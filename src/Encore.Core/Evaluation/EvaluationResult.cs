namespace Encore.Core.Evaluation;

/// <summary>
/// What one protocol gave every model: the content of metrics.json (<see cref="EvaluationResultJson"/>) and of
/// the Markdown table (<see cref="EvaluationResultMarkdown"/>). Models keep the order they were added in.
/// </summary>
public sealed class EvaluationResult
{
    private readonly List<ModelScores> _models = [];

    /// <exception cref="ArgumentException">The protocol name is empty.</exception>
    /// <exception cref="EncoreException">The k list is empty or holds a k below 1.</exception>
    public EvaluationResult(string protocol, IReadOnlyList<int> ks)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        Protocol = protocol;
        K = Cutoffs.Normalise(ks);
    }

    /// <summary>The protocol name: <c>seed</c> or <c>standard</c>.</summary>
    public string Protocol { get; }

    /// <summary>The cut-offs, ascending.</summary>
    public IReadOnlyList<int> K { get; }

    public IReadOnlyList<ModelScores> Models => _models;

    /// <summary>Adds one model's scores.</summary>
    /// <exception cref="ArgumentException">A model with the same name was already added.</exception>
    public void Add(ModelScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        foreach (var model in _models)
        {
            if (model.Model == scores.Model)
            {
                throw new ArgumentException($"Model '{scores.Model}' was already evaluated.", nameof(scores));
            }
        }

        _models.Add(scores);
    }

    /// <summary>The scores of <paramref name="model"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such model.</exception>
    public ModelScores this[string model] =>
        _models.Find(m => m.Model == model) ?? throw new KeyNotFoundException($"No model named '{model}'.");
}
