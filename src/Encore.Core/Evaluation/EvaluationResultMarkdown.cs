using System.Globalization;
using System.Text;

namespace Encore.Core.Evaluation;

/// <summary>
/// Renders an <see cref="EvaluationResult"/> as a Markdown table: one row per metric, one column per model
/// (there are many more metrics than models). Counts get thousands separators, other values six decimals,
/// and a value that is not a number prints as <c>NaN</c>, never as a blank or 0.
/// </summary>
public static class EvaluationResultMarkdown
{
    /// <summary>The Markdown text, ending with a newline.</summary>
    public static string ToMarkdown(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"Protocol: {result.Protocol}; k = {string.Join(", ", result.K)}\n\n");
        builder.Append("| metric |");
        foreach (var model in result.Models)
        {
            builder.Append(' ').Append(Escape(model.Model)).Append(" |");
        }

        builder.Append("\n|---|");
        foreach (var _ in result.Models)
        {
            builder.Append("---:|");
        }

        builder.Append('\n');
        foreach (var (name, kind) in MetricNames(result))
        {
            builder.Append("| ").Append(Escape(name)).Append(" |");
            foreach (var model in result.Models)
            {
                builder.Append(' ').Append(Cell(model, name, kind)).Append(" |");
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Formats one value the way the table shows it.</summary>
    public static string Format(double value, MetricKind kind) =>
        double.IsNaN(value) ? "NaN"
        : !double.IsFinite(value) ? value.ToString(CultureInfo.InvariantCulture)
        : kind == MetricKind.Count ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString("0.000000", CultureInfo.InvariantCulture);

    /// <summary>Every metric name, in the order it first appears across models.</summary>
    private static List<(string Name, MetricKind Kind)> MetricNames(EvaluationResult result)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<(string, MetricKind)>();
        foreach (var model in result.Models)
        {
            foreach (var value in model.Values)
            {
                if (seen.Add(value.Name))
                {
                    names.Add((value.Name, value.Kind));
                }
            }
        }

        return names;
    }

    private static string Cell(ModelScores model, string name, MetricKind kind)
    {
        foreach (var value in model.Values)
        {
            if (value.Name == name)
            {
                return Format(value.Value, kind);
            }
        }

        return "–";
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
