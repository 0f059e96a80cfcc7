using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Encore.Core.Evaluation;

/// <summary>
/// Writes metrics.json: <c>{"protocol": "standard", "k": [5, 10], "models": {"als": {"precision@5": 0.01, ...}}}</c>.
/// </summary>
/// <remarks>
/// Keys keep the result's order, numbers use the shortest text that reads back to the same double, and NaN
/// or ±∞ become <c>null</c> (JSON has no NaN), so the file is byte-identical for the same result.
/// </remarks>
public static class EvaluationResultJson
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        NewLine = "\n",
        // Model and metric names are ours, and the file is not embedded in HTML: keep "@" and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="result"/> as UTF-8 JSON (no BOM) to <paramref name="stream"/>.</summary>
    public static void Write(EvaluationResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, s_options);
        writer.WriteStartObject();
        writer.WriteString("protocol", result.Protocol);
        writer.WriteStartArray("k");
        foreach (var k in result.K)
        {
            writer.WriteNumberValue(k);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("models");
        foreach (var model in result.Models)
        {
            writer.WriteStartObject(model.Model);
            foreach (var value in model.Values)
            {
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The JSON text of <paramref name="result"/>.</summary>
    public static string ToJson(EvaluationResult result)
    {
        using var stream = new MemoryStream();
        Write(result, stream);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes metrics.json to <paramref name="path"/>.</summary>
    public static void WriteFile(EvaluationResult result, string path)
    {
        using var stream = File.Create(path);
        Write(result, stream);
    }

    private static void WriteValue(Utf8JsonWriter writer, MetricValue value)
    {
        if (!double.IsFinite(value.Value))
        {
            writer.WriteNull(value.Name);
        }
        else if (value.Kind == MetricKind.Count)
        {
            writer.WriteNumber(value.Name, (long)value.Value);
        }
        else
        {
            writer.WriteNumber(value.Name, value.Value);
        }
    }
}
