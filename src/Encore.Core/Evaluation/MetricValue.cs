namespace Encore.Core.Evaluation;

/// <summary>How a value is written: a count as an integer, anything else as a real number.</summary>
public enum MetricKind
{
    Real,
    Count,
}

/// <summary>One named number of a model's evaluation, e.g. (<c>precision@10</c>, 0.0123).</summary>
public readonly record struct MetricValue(string Name, double Value, MetricKind Kind = MetricKind.Real);

/// <summary>Every number one protocol gave one model, in a fixed order (the order of metrics.json).</summary>
public sealed class ModelScores
{
    /// <exception cref="ArgumentException">The model name is empty or two values share a name.</exception>
    public ModelScores(string model, IReadOnlyList<MetricValue> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(values);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (!names.Add(value.Name))
            {
                throw new ArgumentException($"Model '{model}' has two values named '{value.Name}'.", nameof(values));
            }
        }

        Model = model;
        Values = values;
    }

    public string Model { get; }

    public IReadOnlyList<MetricValue> Values { get; }

    /// <summary>The value named <paramref name="metric"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such value.</exception>
    public double this[string metric]
    {
        get
        {
            foreach (var value in Values)
            {
                if (value.Name == metric)
                {
                    return value.Value;
                }
            }

            throw new KeyNotFoundException($"Model '{Model}' has no value named '{metric}'.");
        }
    }
}
